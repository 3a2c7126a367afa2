package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.PipeOp;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A shared pipe, Python's Pipe: two ends, each with an inbox of what the other end sent. Receivers
 * and pollers park per end. Closing an end lets the other drain its inbox and then see the end of
 * the stream. Its parameter is 0 for a duplex pipe, 1 for a one-way one (end 0 only receives, end 1
 * only sends). Ends are not owned by clients: a client's death closes nothing, since another JVM
 * may use the same end. Messages waiting in an inbox count against the server's memory budget.
 */
final class PipeObject extends SharedObject {
  /** Heap a waiting message takes beyond its value: its slot in the inbox. */
  private static final long SLOT_BYTES = 8;

  private final boolean duplex;
  private final End[] ends = {new End(), new End()};

  /** One end: what was sent to it, who waits on it, whether it is closed. */
  private final class End {
    final Deque<byte[]> inbox = new ArrayDeque<>();
    final Waiters<Void> receivers = new Waiters<>(PipeObject.this);
    final Waiters<Void> pollers = new Waiters<>(PipeObject.this);
    boolean closed;
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
    int end = call.intArg(0);
    if (end != 0 && end != 1) {
      throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "a pipe has ends 0 and 1, not " + end);
    }
    switch (op) {
      case SEND -> send(call, end, call.bytes(1));
      case RECV -> recv(call, end, call.longArg(1));
      case POLL -> poll(call, end, call.longArg(1));
      case CLOSE -> close(call, end);
    }
  }

  private void send(Call call, int from, byte[] value) {
    usable(from, !duplex && from == 0, "only receives");
    End to = ends[1 - from];
    if (to.closed) {
      throw new OpException(ErrorCode.ILLEGAL_STATE, "the other end of " + this + " is closed");
    }
    Waiters.Waiter<Void> receiver = to.receivers.next();
    if (receiver == null) {
      grow(size(value), call);
      to.inbox.addLast(value);
      wakePollers(to);
    } else {
      handTo(receiver.call, to, value);
    }
    call.reply(null);
  }

  private void recv(Call call, int at, long timeoutNanos) {
    usable(at, !duplex && at == 1, "only sends");
    End end = ends[at];
    if (!end.inbox.isEmpty()) {
      byte[] value = end.inbox.pollFirst();
      shrink(size(value));
      handTo(call, end, value);
    } else if (ends[1 - at].closed) {
      call.reply(PipeOp.END_OF_STREAM);
    } else {
      end.receivers.park(call, null, timeoutNanos, timedOut -> timedOut.reply(null));
    }
  }

  private void poll(Call call, int at, long timeoutNanos) {
    usable(at, false, "");
    End end = ends[at];
    boolean ready = !end.inbox.isEmpty() || ends[1 - at].closed;
    if (ready) {
      call.reply(true);
    } else {
      end.pollers.park(call, null, timeoutNanos, timedOut -> timedOut.reply(false));
    }
  }

  private void close(Call call, int at) {
    if (!ends[at].closed) {
      ends[at].closed = true;
      ends[at].receivers.failAll(ErrorCode.ILLEGAL_STATE, "end " + at + " was closed");
      ends[at].pollers.failAll(ErrorCode.ILLEGAL_STATE, "end " + at + " was closed");
      End other = ends[1 - at];
      for (Waiters.Waiter<Void> r = other.receivers.next(); r != null; r = other.receivers.next()) {
        r.call.reply(PipeOp.END_OF_STREAM);
      }
      wakePollers(other);
    }
    call.reply(null);
  }

  private void usable(int at, boolean wrongDirection, String direction) {
    if (ends[at].closed) {
      throw new OpException(ErrorCode.ILLEGAL_STATE, "end " + at + " of " + this + " is closed");
    }
    if (wrongDirection) {
      throw new OpException(
          ErrorCode.ILLEGAL_STATE, "end " + at + " of one-way " + this + " " + direction);
    }
  }

  private void handTo(Call receiver, End end, byte[] value) {
    receiver.handOff(value, () -> giveBack(end, value));
  }

  private void giveBack(End end, byte[] value) {
    synchronized (this) {
      Waiters.Waiter<Void> receiver = end.receivers.next();
      if (receiver == null) {
        growAnyway(size(value));
        end.inbox.addFirst(value);
        wakePollers(end);
      } else {
        handTo(receiver.call, end, value);
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
}
