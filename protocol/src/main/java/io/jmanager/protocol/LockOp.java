package io.jmanager.protocol;

/**
 * Operations on a shared lock, Python's {@code Lock} or, when created reentrant, its {@code RLock}.
 * A holder is a (session, thread) pair; the thread is the client's thread id. ACQUIRE parks on the
 * server, never on a server thread, while another holder has the lock; a timeout below zero means
 * wait forever, zero means do not wait.
 */
public enum LockOp implements Op {
  /** [Long thread, Long timeoutNanos] : Boolean, whether the caller now holds the lock. */
  ACQUIRE,
  /**
   * [Long thread] : null; fails with ILLEGAL_STATE when the lock is not held, or, for a reentrant
   * lock, when the caller is not its holder.
   */
  RELEASE,
  /** [] : Boolean, whether anyone holds the lock. */
  IS_LOCKED,
  /** [Long thread] : Integer, how many times the calling (session, thread) holds it. */
  HOLD_COUNT,
  /** [] : Integer, how many acquirers are parked. */
  WAITING;

  @Override
  public ObjectType type() {
    return ObjectType.LOCK;
  }
}
