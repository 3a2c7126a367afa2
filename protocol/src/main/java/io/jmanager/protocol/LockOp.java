package io.jmanager.protocol;

/**
 * Operations on a shared lock, Python's {@code Lock} or, when created reentrant, its {@code RLock},
 * and on the named conditions bound to it. A holder is a (session, thread) pair; the thread is the
 * client's thread id. ACQUIRE parks on the server, never on a server thread, while another holder
 * has the lock; a timeout below zero means wait forever, zero means do not wait.
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
  WAITING,
  /**
   * [String condition, Long thread, Long timeoutNanos] : Boolean, true when signalled, false on
   * timeout; the caller must hold the lock, which is released while waiting and held again, with
   * the same hold count, before the answer (a cancelled wait is answered CANCELLED, also only once
   * the lock is held again).
   */
  AWAIT,
  /**
   * [String condition, Long thread] : Boolean, whether a waiter was woken; caller holds the lock.
   */
  SIGNAL,
  /** [String condition, Long thread] : Integer, how many waiters were woken; caller holds it. */
  SIGNAL_ALL,
  /** [String condition] : Integer, how many threads wait on the condition. */
  CONDITION_WAITING,
  /**
   * [String condition, Long thread, Integer n] : Integer, how many waiters were woken, at most n (0
   * or more), Python's {@code notify(n)}; caller holds the lock.
   */
  SIGNAL_N;

  @Override
  public ObjectType type() {
    return ObjectType.LOCK;
  }
}
