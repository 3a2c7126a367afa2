package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.PipeOp;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A shared pipe, Python's Pipe: two ends, each with an inbox of what the other end sent. Receivers
 * and pollers park per end. Its parameter is 0 for a duplex pipe, 1 for a one-way one (end 0 only
 * receives, end 1 only sends).
 *
 * <p>Sessions use an end through holds, as Python processes use it through their own handles: a
 * session takes one (HOLD), or claims one another session reserved for it (SHARE, then CLAIM, as a
 * child inherits its parent's handle), and releases it by CLOSE or by closing. The release of the
 * last hold or reservation closes the end for real: its inbox is dropped, and the other end drains
 * its own inbox and then sees the end of the stream. An end never held is open. Messages waiting in
 * an inbox, holds and reservations count against the server's memory budget.
 */
final class PipeObject extends SharedObject {
  /** Heap a waiting message takes beyond its value: its slot in the inbox. */
  private static final long SLOT_BYTES = 8;

  /** Heap a hold or a reservation takes: its entry in a set or map. */
  static final long HOLD_BYTES = 48;

  private final boolean duplex;
  private final End[] ends = {new End(0), new End(1)};
  private long lastTicket;

  /** One end: what was sent to it, who waits on it, who holds it, whether it is closed. */
  private final class End {
    final int index;
    final Deque<byte[]> inbox = new ArrayDeque<>();

    /** Parked receivers; each carries the longest value it accepts. */
    final Waiters<Integer> receivers =
        new Waiters<>(PipeObject.this, timedOut -> timedOut.call.reply(null));

    final Waiters<Void> pollers =
        new Waiters<>(PipeObject.this, timedOut -> timedOut.call.reply(false));
    final Set<Session> holders = new LinkedHashSet<>();

    /** Reservations by ticket, each with the session that made it. */
    final Map<Long, Session> reserved = new LinkedHashMap<>();

    boolean closed;

    End(int index) {
      this.index = index;
    }

    boolean held() {
      return !holders.isEmpty() || !reserved.isEmpty();
    }

    End other() {
      return ends[1 - index];
    }

    /**
     * Whether closed, the inbox, the holders, the reservations by ticket, then the receivers (each
     * with the longest value it accepts) and the pollers.
     */
    void writeState(SnapshotWriter out) throws IOException {
      out.writeBoolean(closed);
      out.writeByteList(inbox);
      out.writeInt(holders.size());
      for (Session holder : holders) {
        out.writeSession(holder);
      }
      out.writeInt(reserved.size());
      for (Map.Entry<Long, Session> reservation : reserved.entrySet()) {
        out.writeLong(reservation.getKey());
        out.writeSession(reservation.getValue());
      }
      out.writeWaiters(receivers, SnapshotWriter::writeInt);
      out.writeWaiters(pollers, SnapshotWriter.Payload.none());
    }

    void readState(SnapshotReader in) throws IOException {
      closed = in.readBoolean("whether end " + index + " is closed");
      inbox.addAll(in.readByteList("the inbox of end " + index));
      int count = in.readCount("the holders of end " + index);
      for (int i = 0; i < count; i++) {
        holders.add(in.readKnownSession("a holder of end " + index));
      }
      count = in.readCount("the reservations of end " + index);
      for (int i = 0; i < count; i++) {
        reserved.put(in.readLong("a ticket"), in.readKnownSession("a reservation's sharer"));
      }
      in.readWaiters(receivers, r -> r.readInt("a receiver's longest value"), "the receivers");
      in.readWaiters(pollers, SnapshotReader.Payload.none(), "the pollers of end " + index);
    }
  }

  PipeObject(long id, String name, boolean duplex) {
    super(id, name);
    this.duplex = duplex;
  }

  @Override
  ObjectType type() {
    return ObjectType.PIPE;
  }

  @Override
  int parameter() {
    return duplex ? 0 : 1;
  }

  @Override
  List<Waiters<?>> waiters() {
    return List.of(ends[0].receivers, ends[0].pollers, ends[1].receivers, ends[1].pollers);
  }

  @Override
  void applyLocked(Call call) {
    PipeOp op = (PipeOp) call.op();
    int at = call.intArg(0);
    if (at != 0 && at != 1) {
      throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "a pipe has ends 0 and 1, not " + at);
    }
    End end = ends[at];
    switch (op) {
      case SEND -> send(call, end, call.bytes(1));
      case RECV -> recv(call, end, call.longArg(1), Integer.MAX_VALUE);
      case RECV_BYTES -> recv(call, end, call.longArg(2), maxLength(call));
      case POLL -> poll(call, end, call.longArg(1));
      case CLOSE -> close(call, end);
      case HOLD -> hold(call, end);
      case SHARE -> share(call, end);
      case CLAIM -> claim(call, end, call.longArg(1));
    }
  }

  private static int maxLength(Call call) {
    int maxLength = call.intArg(1);
    if (maxLength < 0) {
      throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "negative maxLength: " + maxLength);
    }
    return maxLength;
  }

  /**
   * Counts the value first, as a queue's offer does, so a refused send changes nothing; a value
   * handed straight to a receiver stops counting at once.
   */
  private void send(Call call, End from, byte[] value) {
    usable(call, from, !duplex && from.index == 0, "only receives");
    End to = from.other();
    if (to.closed) {
      throw new OpException(ErrorCode.ILLEGAL_STATE, "the other end of " + this + " is closed");
    }
    grow(size(value), call);
    deliver(to, value, false);
    call.reply(null);
  }

  /**
   * Hands a counted value to the first parked receiver that accepts its length, answering those
   * before it with that length, or else puts it in the inbox, at the head when {@code first}.
   */
  private void deliver(End to, byte[] value, boolean first) {
    for (var receiver = to.receivers.next(); receiver != null; receiver = to.receivers.next()) {
      if (value.length <= receiver.payload) {
        shrink(size(value));
        handTo(receiver.call, to, value);
        return;
      }
      receiver.call.reply(value.length);
    }
    if (first) {
      to.inbox.addFirst(value);
    } else {
      to.inbox.addLast(value);
    }
    wakePollers(to);
  }

  private void recv(Call call, End end, long timeoutNanos, int maxLength) {
    usable(call, end, !duplex && end.index == 1, "only sends");
    byte[] next = end.inbox.peekFirst();
    if (next != null && next.length > maxLength) {
      call.reply(next.length);
    } else if (next != null) {
      end.inbox.pollFirst();
      shrink(size(next));
      handTo(call, end, next);
    } else if (end.other().closed) {
      call.reply(PipeOp.END_OF_STREAM);
    } else {
      end.receivers.park(call, maxLength, timeoutNanos);
    }
  }

  private void poll(Call call, End end, long timeoutNanos) {
    usable(call, end, false, "");
    if (!end.inbox.isEmpty() || end.other().closed) {
      call.reply(true);
    } else {
      end.pollers.park(call, null, timeoutNanos);
    }
  }

  private void hold(Call call, End end) {
    if (end.closed) {
      throw closed(end);
    }
    Session session = call.session();
    if (!end.holders.contains(session)) {
      grow(HOLD_BYTES, call);
      end.holders.add(session);
      session.holds(this);
    }
    call.reply(null);
  }

  private void share(Call call, End end) {
    usable(call, end, false, "");
    grow(HOLD_BYTES, call);
    long ticket = ++lastTicket;
    end.reserved.put(ticket, call.session());
    call.reply(ticket);
  }

  /** Turns a reservation into the caller's hold; its count passes to the hold, or is given back. */
  private void claim(Call call, End end, long ticket) {
    Session sharer = end.reserved.remove(ticket);
    if (sharer == null) {
      hold(call, end);
      return;
    }
    Session session = call.session();
    if (end.holders.add(session)) {
      session.holds(this);
    } else {
      shrink(HOLD_BYTES);
    }
    forgetIfUninvolved(sharer);
    call.reply(null);
  }

  /**
   * Releases the caller's hold: its own calls parked on this end fail, and the end closes for real
   * if that was the last hold. Without a hold, nothing happens, as closing twice in Python.
   */
  private void close(Call call, End end) {
    Session session = call.session();
    boolean released = end.holders.remove(session);
    call.reply(null);
    if (released) {
      shrink(HOLD_BYTES);
      String message = "end " + end.index + " of " + this + " was closed";
      end.receivers.removeIf(w -> w.call.session() == session, w -> failClosed(w.call, message));
      end.pollers.removeIf(w -> w.call.session() == session, w -> failClosed(w.call, message));
      forgetIfUninvolved(session);
      closeIfUnheld(end);
    }
  }

  @Override
  synchronized void sessionClosed(Session session) {
    super.sessionClosed(session);
    boolean[] released = new boolean[2];
    for (End end : ends) {
      released[end.index] = end.holders.remove(session);
      if (released[end.index]) {
        shrink(HOLD_BYTES);
      }
      int before = end.reserved.size();
      end.reserved.values().removeIf(sharer -> sharer == session);
      shrink(HOLD_BYTES * (before - end.reserved.size()));
      released[end.index] |= end.reserved.size() < before;
    }
    session.released(this);
    for (End end : ends) {
      if (released[end.index]) {
        closeIfUnheld(end);
      }
    }
  }

  /**
   * Closes an end whose last hold was just released: drops its inbox, fails whoever still waits on
   * it, and lets the other end's receivers and pollers see the end of the stream.
   */
  private void closeIfUnheld(End end) {
    if (end.held() || end.closed) {
      return;
    }
    end.closed = true;
    for (byte[] value : end.inbox) {
      shrink(size(value));
    }
    end.inbox.clear();
    end.receivers.failAll(ErrorCode.ILLEGAL_STATE, "end " + end.index + " was closed");
    end.pollers.failAll(ErrorCode.ILLEGAL_STATE, "end " + end.index + " was closed");
    End other = end.other();
    for (var receiver = other.receivers.next();
        receiver != null;
        receiver = other.receivers.next()) {
      receiver.call.reply(PipeOp.END_OF_STREAM);
    }
    wakePollers(other);
  }

  /** Tells {@code session} it holds nothing here any more, when it holds and reserved nothing. */
  private void forgetIfUninvolved(Session session) {
    for (End end : ends) {
      if (end.holders.contains(session) || end.reserved.containsValue(session)) {
        return;
      }
    }
    session.released(this);
  }

  private void usable(Call call, End end, boolean wrongDirection, String direction) {
    if (!end.holders.contains(call.session())) {
      throw end.closed
          ? closed(end)
          : new OpException(
              ErrorCode.ILLEGAL_STATE,
              "end " + end.index + " of " + this + " is not open in this connection");
    }
    if (wrongDirection) {
      throw new OpException(
          ErrorCode.ILLEGAL_STATE, "end " + end.index + " of one-way " + this + " " + direction);
    }
  }

  private OpException closed(End end) {
    return new OpException(
        ErrorCode.ILLEGAL_STATE, "end " + end.index + " of " + this + " is closed");
  }

  private static void failClosed(Call call, String message) {
    call.fail(ErrorCode.ILLEGAL_STATE, message);
  }

  private void handTo(Call receiver, End end, byte[] value) {
    receiver.handOff(value, new Sent(this, end, value));
  }

  /** A message sent to the receiver of {@code end} in an answer. */
  record Sent(PipeObject pipe, End end, byte[] value) implements Handoff {
    @Override
    public SharedObject object() {
      return pipe;
    }

    @Override
    public void undo() {
      pipe.giveBack(end, value);
    }

    /** Its end's index and the value. */
    @Override
    public void writeState(SnapshotWriter out) throws IOException {
      out.writeInt(end.index);
      out.writeBytes(value);
    }
  }

  @Override
  Handoff readHandoff(SnapshotReader in, Session session) throws IOException {
    int index = in.readInt("a handoff's end");
    if (index != 0 && index != 1) {
      throw in.corrupted("a pipe has no end " + index);
    }
    return new Sent(this, ends[index], in.readBytes("a handoff's value"));
  }

  /** Puts back a value whose answer could not be written, unless its end has closed since. */
  private void giveBack(End end, byte[] value) {
    synchronized (this) {
      if (!end.closed) {
        growAnyway(size(value));
        deliver(end, value, true);
      }
    }
  }

  private static long size(byte[] value) {
    return SLOT_BYTES + MemoryBudget.of(value);
  }

  private static void wakePollers(End end) {
    for (Waiters.Waiter<Void> p = end.pollers.next(); p != null; p = end.pollers.next()) {
      p.call.reply(true);
    }
  }

  /** The last ticket given, then each end. */
  @Override
  void writeState(SnapshotWriter out) throws IOException {
    out.writeLong(lastTicket);
    for (End end : ends) {
      end.writeState(out);
    }
  }

  @Override
  void readState(SnapshotReader in) throws IOException {
    lastTicket = in.readLong("the last ticket");
    for (End end : ends) {
      end.readState(in);
    }
  }
}
