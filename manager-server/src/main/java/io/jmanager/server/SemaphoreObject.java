package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.SemaphoreOp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shared counting semaphore: Python's Semaphore, or BoundedSemaphore, which refuses a release
 * that would raise the free permits above the initial count. Permits are counted per session; when
 * a session closes, the permits it took return at once and parked acquirers are served in order (a
 * large request at the head waits for enough permits, and those behind it wait too).
 */
final class SemaphoreObject extends SharedObject {
  private final int initial;
  private final boolean bounded;
  private final Waiters<Integer> acquirers =
      new Waiters<>(this, timedOut -> timedOut.call.reply(false));
  private final Map<Session, Integer> taken = new LinkedHashMap<>();
  private int available;

  SemaphoreObject(long id, String name, int initial, boolean bounded) {
    super(id, name);
    this.initial = initial;
    this.bounded = bounded;
    this.available = initial;
  }

  @Override
  ObjectType type() {
    return bounded ? ObjectType.BOUNDED_SEMAPHORE : ObjectType.SEMAPHORE;
  }

  @Override
  int parameter() {
    return initial;
  }

  @Override
  List<Waiters<?>> waiters() {
    return List.of(acquirers);
  }

  @Override
  void applyLocked(Call call) {
    SemaphoreOp op = (SemaphoreOp) call.op();
    switch (op) {
      case ACQUIRE -> acquire(call, permits(call), call.longArg(1));
      case RELEASE -> release(call, permits(call));
      case AVAILABLE -> call.reply(available);
      case WAITING -> call.reply(acquirers.size());
    }
  }

  private static int permits(Call call) {
    int permits = call.intArg(0);
    if (permits < 1) {
      throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "permits must be positive: " + permits);
    }
    return permits;
  }

  private void acquire(Call call, int permits, long timeoutNanos) {
    if (acquirers.peek() == null && permits <= available) {
      grant(call.session(), permits);
      call.reply(true);
    } else {
      acquirers.park(call, permits, timeoutNanos);
    }
  }

  private void release(Call call, int permits) {
    // compared with the room left, never summed: a sum could pass Integer.MAX_VALUE and wrap
    if (bounded && permits > initial - available) {
      throw new OpException(
          ErrorCode.ILLEGAL_STATE, "bounded semaphore '" + name() + "' released too many times");
    }
    if (permits > Integer.MAX_VALUE - available) {
      throw new OpException(
          ErrorCode.ILLEGAL_STATE,
          "semaphore '"
              + name()
              + "' has "
              + available
              + " free permits; "
              + permits
              + " more would pass the most it can count, "
              + Integer.MAX_VALUE);
    }
    giveBack(call.session(), permits);
    call.reply(null);
  }

  private void grant(Session session, int permits) {
    available -= permits;
    taken.merge(session, permits, Integer::sum);
    session.holds(this);
  }

  /**
   * Returns permits to the pool and serves waiters. They settle what {@code session} took first,
   * then, when it took fewer (anyone may release, as in Python), what other sessions took, so a
   * holder that later dies does not return the same permits twice.
   */
  private void giveBack(Session session, int permits) {
    int unsettled = settle(session, permits);
    for (Session other : new ArrayList<>(taken.keySet())) {
      unsettled = settle(other, unsettled);
    }
    available += permits;
    serve();
  }

  /** Settles up to {@code permits} of what {@code session} took; returns what is left. */
  private int settle(Session session, int permits) {
    Integer held = taken.get(session);
    if (held == null || permits == 0) {
      return permits;
    }
    int settled = Math.min(held, permits);
    if (settled == held) {
      taken.remove(session);
      session.released(this);
    } else {
      taken.put(session, held - settled);
    }
    return permits - settled;
  }

  /** Grants parked acquirers in order while the one at the head can be satisfied. */
  private void serve() {
    Waiters.Waiter<Integer> head;
    while ((head = acquirers.peek()) != null && head.payload <= available) {
      acquirers.next();
      Session session = head.call.session();
      int permits = head.payload;
      grant(session, permits);
      head.call.handOff(true, new Granted(this, session));
    }
  }

  /** The permits granted to {@code session} in an answer: all it holds go back if undelivered. */
  record Granted(SemaphoreObject semaphore, Session session) implements Handoff {
    @Override
    public SharedObject object() {
      return semaphore;
    }

    @Override
    public void undo() {
      semaphore.returnAllFrom(session);
    }

    /** Nothing: its session is all it needs. */
    @Override
    public void writeState(SnapshotWriter out) {}
  }

  @Override
  Handoff readHandoff(SnapshotReader in, Session session) {
    return new Granted(this, session);
  }

  private void returnAllFrom(Session session) {
    synchronized (this) {
      Integer held = taken.get(session);
      if (held != null) {
        giveBack(session, held);
      }
    }
  }

  @Override
  synchronized void sessionClosed(Session session) {
    super.sessionClosed(session);
    returnAllFrom(session);
    serve();
  }

  /** The free permits, what each session took, then the acquirers with the permits they want. */
  @Override
  void writeState(SnapshotWriter out) throws IOException {
    out.writeInt(available);
    out.writeInt(taken.size());
    for (Map.Entry<Session, Integer> entry : taken.entrySet()) {
      out.writeSession(entry.getKey());
      out.writeInt(entry.getValue());
    }
    out.writeWaiters(acquirers, SnapshotWriter::writeInt);
  }

  @Override
  void readState(SnapshotReader in) throws IOException {
    available = in.readInt("the free permits");
    int count = in.readCount("the permits taken");
    for (int i = 0; i < count; i++) {
      taken.put(in.readKnownSession("a taker"), in.readInt("the permits taken"));
    }
    in.readWaiters(acquirers, waiter -> waiter.readInt("the permits wanted"), "the acquirers");
  }
}
