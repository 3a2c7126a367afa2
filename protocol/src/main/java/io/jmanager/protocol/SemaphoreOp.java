package io.jmanager.protocol;

/**
 * Operations on a shared semaphore, Python's {@code Semaphore} or, when bounded, its {@code
 * BoundedSemaphore}. Permits taken are counted per session, so a closed session's permits return to
 * the pool. ACQUIRE parks on the server while too few permits are free; acquirers are served first
 * come, first served; a timeout below zero means wait forever, zero means do not wait.
 */
public enum SemaphoreOp implements Op {
  /** [Integer permits, Long timeoutNanos] : Boolean, whether the permits were taken. */
  ACQUIRE,
  /**
   * [Integer permits] : null; for a bounded semaphore, fails with ILLEGAL_STATE when it would raise
   * the free permits above the initial count.
   */
  RELEASE,
  /** [] : Integer, permits free now. */
  AVAILABLE,
  /** [] : Integer, how many acquirers are parked. */
  WAITING;

  @Override
  public ObjectType type() {
    return ObjectType.SEMAPHORE;
  }
}
