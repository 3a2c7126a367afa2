package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.LockOp;
import io.jmanager.protocol.ObjectType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A shared lock: Python's Lock, or its RLock when reentrant, with named conditions bound to it. The
 * holder is a (session, client thread) pair. A plain lock may be released by anyone, as Python's
 * may; a reentrant one only by its holder. Acquirers park first come, first served; when the
 * holder's connection closes, the lock is released at once and handed to the next live one. A
 * holder whose grant an administrator revoked may not release either kind of lock until it acquires
 * again: its late release would free the next holder's lock.
 *
 * <p>A condition waiter gives up the lock entirely, parks on its condition, and on signal, timeout
 * or cancel joins the acquirers; it is answered only once it holds the lock again with its former
 * hold count, as Java's {@code Condition.await} requires.
 */
final class LockObject extends SharedObject {
  /** Why a parked acquirer will be answered, once it holds the lock. */
  private enum Outcome {
    ACQUIRED,
    SIGNALLED,
    TIMED_OUT,
    CANCELLED
  }

  /** An acquirer: its client thread, the hold count to restore, and what to answer. */
  private static final class Acquirer {
    final long thread;
    final int holds;
    Outcome outcome;

    Acquirer(long thread, int holds, Outcome outcome) {
      this.thread = thread;
      this.holds = holds;
      this.outcome = outcome;
    }
  }

  /** A (session, client thread) pair the lock was granted to. */
  private record Grant(Session session, long thread) {}

  private final boolean reentrant;
  private final Set<Grant> revoked = new LinkedHashSet<>();
  private final Waiters<Acquirer> acquirers =
      new Waiters<>(this, timedOut -> timedOut.call.reply(false));
  private final Map<String, Waiters<Acquirer>> conditions = new LinkedHashMap<>();
  private Session holder;
  private long holderThread;
  private int holds;

  LockObject(long id, String name, boolean reentrant) {
    super(id, name);
    this.reentrant = reentrant;
  }

  @Override
  ObjectType type() {
    return reentrant ? ObjectType.RLOCK : ObjectType.LOCK;
  }

  @Override
  List<Waiters<?>> waiters() {
    List<Waiters<?>> all = new ArrayList<>(conditions.values());
    all.add(acquirers);
    return all;
  }

  @Override
  void applyLocked(Call call) {
    LockOp op = (LockOp) call.op();
    switch (op) {
      case ACQUIRE -> acquire(call, call.longArg(0), call.longArg(1));
      case RELEASE -> release(call, call.longArg(0));
      case IS_LOCKED -> call.reply(holder != null);
      case HOLD_COUNT -> call.reply(isHolder(call.session(), call.longArg(0)) ? holds : 0);
      case WAITING -> call.reply(acquirers.size());
      case AWAIT -> await(call, call.string(0), call.longArg(1), call.longArg(2));
      case SIGNAL -> call.reply(signal(call, call.string(0), call.longArg(1), 1) == 1);
      case SIGNAL_ALL ->
          call.reply(signal(call, call.string(0), call.longArg(1), Integer.MAX_VALUE));
      case CONDITION_WAITING -> call.reply(waitingOn(call.string(0)));
      case SIGNAL_N -> call.reply(signal(call, call.string(0), call.longArg(1), count(call, 2)));
    }
  }

  private boolean isHolder(Session session, long thread) {
    return holder == session && holderThread == thread;
  }

  private void acquire(Call call, long thread, long timeoutNanos) {
    if (holder == null) {
      grant(call.session(), thread, 1);
      call.reply(true);
    } else if (reentrant && isHolder(call.session(), thread)) {
      holds++;
      call.reply(true);
    } else {
      Acquirer acquirer = new Acquirer(thread, 1, Outcome.ACQUIRED);
      acquirers.park(call, acquirer, timeoutNanos);
    }
  }

  private void release(Call call, long thread) {
    if (!revoked.isEmpty() && revoked.contains(new Grant(call.session(), thread))) {
      throw new OpException(
          ErrorCode.ILLEGAL_STATE,
          "an administrator released lock '" + name() + "' while this thread held it");
    }
    if (holder == null) {
      throw new OpException(
          ErrorCode.ILLEGAL_STATE, "release of an unlocked lock '" + name() + "'");
    }
    if (reentrant && !isHolder(call.session(), thread)) {
      throw new OpException(
          ErrorCode.ILLEGAL_STATE, "only the thread holding rlock '" + name() + "' may release it");
    }
    if (--holds == 0) {
      handOver();
    }
    call.reply(null);
  }

  private void await(Call call, String condition, long thread, long timeoutNanos) {
    requireHolder(call, thread);
    String refusal = call.session().parkRefusal();
    if (refusal != null) {
      call.fail(ErrorCode.BUSY, refusal);
      return;
    }
    Acquirer waiter = new Acquirer(thread, holds, Outcome.SIGNALLED);
    handOver();
    condition(condition).parkWaiter(call, waiter, timeoutNanos);
  }

  private int signal(Call call, String condition, long thread, int most) {
    requireHolder(call, thread);
    Waiters<Acquirer> waiting = condition(condition);
    int woken = 0;
    for (Waiters.Waiter<Acquirer> next; woken < most && (next = waiting.next()) != null; woken++) {
      reacquire(next.call, next.payload);
    }
    return woken;
  }

  private static int count(Call call, int arg) {
    int count = call.intArg(arg);
    if (count < 0) {
      throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "cannot wake " + count + " waiters");
    }
    return count;
  }

  private void requireHolder(Call call, long thread) {
    if (!isHolder(call.session(), thread)) {
      throw new OpException(
          ErrorCode.ILLEGAL_STATE, "the calling thread must hold lock '" + name() + "'");
    }
  }

  /** How many wait on condition {@code name}; asking makes no condition. */
  private int waitingOn(String name) {
    Waiters<Acquirer> waiting = conditions.get(name);
    return waiting == null ? 0 : waiting.size();
  }

  private Waiters<Acquirer> condition(String name) {
    return conditions.computeIfAbsent(
        name,
        n ->
            new Waiters<>(
                this,
                timedOut -> {
                  timedOut.payload.outcome = Outcome.TIMED_OUT;
                  reacquire(timedOut.call, timedOut.payload);
                }));
  }

  /** Lets a former condition waiter take the lock again: now if free, else in turn. */
  private void reacquire(Call call, Acquirer waiter) {
    if (holder == null) {
      grant(call.session(), waiter.thread, waiter.holds);
      answer(call, waiter);
    } else {
      acquirers.parkWaiter(call, waiter, -1);
    }
  }

  private void grant(Session session, long thread, int count) {
    if (!revoked.isEmpty()) {
      revoked.remove(new Grant(session, thread));
    }
    holder = session;
    holderThread = thread;
    holds = count;
    session.holds(this);
  }

  /** Frees the lock and gives it to the first live acquirer, if any. */
  private void handOver() {
    holder.released(this);
    holder = null;
    Waiters.Waiter<Acquirer> next = acquirers.next();
    if (next != null) {
      grant(next.call.session(), next.payload.thread, next.payload.holds);
      answer(next.call, next.payload);
    }
  }

  /** Answers an acquirer that now holds the lock; if the answer is lost, the lock is freed. */
  private void answer(Call call, Acquirer acquirer) {
    Session session = call.session();
    switch (acquirer.outcome) {
      case ACQUIRED, SIGNALLED -> call.handOff(true, new Granted(this, session));
      case TIMED_OUT -> call.handOff(false, new Granted(this, session));
      case CANCELLED -> call.fail(ErrorCode.CANCELLED, "interrupted; the lock is held again");
    }
  }

  /** The lock granted to {@code session} in an answer. */
  record Granted(LockObject lock, Session session) implements Handoff {
    @Override
    public SharedObject object() {
      return lock;
    }

    @Override
    public void undo() {
      lock.releaseFrom(session);
    }

    /** Nothing: its session is all it needs. */
    @Override
    public void writeState(SnapshotWriter out) {}
  }

  @Override
  Handoff readHandoff(SnapshotReader in, Session session) {
    return new Granted(this, session);
  }

  /** Releases whatever {@code session} holds, as when it dies or its grant could not be sent. */
  private void releaseFrom(Session session) {
    synchronized (this) {
      if (holder == session) {
        handOver();
      }
    }
  }

  /**
   * Frees the lock whatever its holder and hold count, as an administrator may, and hands it to the
   * next waiter; returns the former holder's session id, or -1 when it was free. The former holder
   * learns it only when it next releases or waits: {@code IllegalMonitorStateException}. Its grant
   * is remembered as revoked until it acquires again; a closed session's are forgotten here, since
   * it sends nothing more.
   */
  synchronized long forceRelease() {
    if (holder == null) {
      return -1;
    }
    long former = holder.id();
    revoked.removeIf(grant -> !grant.session().isOpen());
    revoked.add(new Grant(holder, holderThread));
    handOver();
    return former;
  }

  /**
   * A cancelled condition wait still takes the lock back before it is answered, as in Java: off its
   * condition, it queues for the lock; already queued, it keeps its place.
   */
  @Override
  void cancelled(Waiters.Waiter<?> waiter) {
    Acquirer acquirer = (Acquirer) waiter.payload;
    if (acquirer.outcome == Outcome.ACQUIRED) {
      super.cancelled(waiter);
      return;
    }
    acquirer.outcome = Outcome.CANCELLED;
    if (!waiter.isIn(acquirers)) {
      waiter.remove();
      reacquire(waiter.call, acquirer);
    }
  }

  @Override
  synchronized void sessionClosed(Session session) {
    super.sessionClosed(session);
    releaseFrom(session);
  }

  /**
   * The holder (if any) with its thread and hold count, the revoked grants of open sessions (a
   * closed one's are never looked at again), every condition by name with its waiters, then the
   * acquirers; a waiter carries its thread, the holds it gets back and what it will be answered.
   */
  @Override
  void writeState(SnapshotWriter out) throws IOException {
    out.writeBoolean(holder != null);
    if (holder != null) {
      out.writeSession(holder);
      out.writeLong(holderThread);
      out.writeInt(holds);
    }
    List<Grant> live = revoked.stream().filter(grant -> grant.session().isOpen()).toList();
    out.writeInt(live.size());
    for (Grant grant : live) {
      out.writeSession(grant.session());
      out.writeLong(grant.thread());
    }
    out.writeInt(conditions.size());
    for (Map.Entry<String, Waiters<Acquirer>> condition : conditions.entrySet()) {
      out.writeString(condition.getKey());
      out.writeWaiters(condition.getValue(), LockObject::writeAcquirer);
    }
    out.writeWaiters(acquirers, LockObject::writeAcquirer);
  }

  private static void writeAcquirer(SnapshotWriter out, Acquirer acquirer) throws IOException {
    out.writeLong(acquirer.thread);
    out.writeInt(acquirer.holds);
    out.writeInt(acquirer.outcome.ordinal());
  }

  @Override
  void readState(SnapshotReader in) throws IOException {
    if (in.readBoolean("whether it is held")) {
      holder = in.readKnownSession("the holder");
      holderThread = in.readLong("the holder's thread");
      holds = in.readInt("the hold count");
    }
    int grants = in.readCount("the revoked grants");
    for (int i = 0; i < grants; i++) {
      revoked.add(new Grant(in.readKnownSession("a revoked grant"), in.readLong("its thread")));
    }
    int count = in.readCount("the conditions");
    for (int i = 0; i < count; i++) {
      String name = in.readString("a condition's name");
      in.readWaiters(condition(name), LockObject::readAcquirer, "condition '" + name + "'");
    }
    in.readWaiters(acquirers, LockObject::readAcquirer, "the acquirers");
  }

  private static Acquirer readAcquirer(SnapshotReader in) throws IOException {
    long thread = in.readLong("a waiter's thread");
    int holds = in.readInt("a waiter's hold count");
    return new Acquirer(thread, holds, in.readEnum(Outcome.values(), "a waiter's outcome"));
  }
}
