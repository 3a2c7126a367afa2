package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.LockOp;
import io.jmanager.protocol.ObjectType;
import java.util.List;

/**
 * A shared lock: Python's Lock, or its RLock when reentrant. The holder is a (session, client
 * thread) pair. A plain lock may be released by anyone, as Python's may; a reentrant one only by
 * its holder. Acquirers park first come, first served; when the holder's connection closes, the
 * lock is released at once and handed to the next live acquirer.
 */
final class SharedLock extends SharedObject {
  private final boolean reentrant;
  private final Waiters<Long> acquirers = new Waiters<>(this);
  private Session holder;
  private long holderThread;
  private int holds;

  SharedLock(long id, String name, boolean reentrant) {
    super(id, name);
    this.reentrant = reentrant;
  }

  @Override
  ObjectType type() {
    return reentrant ? ObjectType.RLOCK : ObjectType.LOCK;
  }

  @Override
  List<Waiters<?>> waiters() {
    return List.of(acquirers);
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
    }
  }

  private boolean isHolder(Session session, long thread) {
    return holder == session && holderThread == thread;
  }

  private void acquire(Call call, long thread, long timeoutNanos) {
    if (holder == null) {
      grant(call.session(), thread);
      call.reply(true);
    } else if (reentrant && isHolder(call.session(), thread)) {
      holds++;
      call.reply(true);
    } else if (timeoutNanos == 0) {
      call.reply(false);
    } else {
      acquirers.park(call, thread, timeoutNanos, timedOut -> timedOut.reply(false));
    }
  }

  private void release(Call call, long thread) {
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

  private void grant(Session session, long thread) {
    holder = session;
    holderThread = thread;
    holds = 1;
    session.holds(this);
  }

  /** Frees the lock and gives it to the first live acquirer, if any. */
  private void handOver() {
    holder.released(this);
    holder = null;
    Waiters.Waiter<Long> next = acquirers.next();
    if (next != null) {
      Session session = next.call.session();
      grant(session, next.payload);
      next.call.handOff(true, () -> releaseFrom(session));
    }
  }

  /** Releases whatever {@code session} holds, as when it dies or its grant could not be sent. */
  private void releaseFrom(Session session) {
    synchronized (this) {
      if (holder == session) {
        handOver();
      }
    }
  }

  @Override
  synchronized void sessionClosed(Session session) {
    super.sessionClosed(session);
    releaseFrom(session);
  }
}
