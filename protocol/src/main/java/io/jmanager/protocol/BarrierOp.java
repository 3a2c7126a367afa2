package io.jmanager.protocol;

/**
 * Operations on a shared barrier, Python's {@code Barrier(parties)} with Java's {@code
 * CyclicBarrier} rules: AWAIT parks on the server until all parties have arrived. A party that
 * times out, is cancelled, or whose client disconnects while waiting breaks the barrier for all.
 */
public enum BarrierOp implements Op {
  /**
   * [Long timeoutNanos] : Integer, the arrival index (parties - 1 for the first to arrive, 0 for
   * the last), or {@link #BROKEN} when the barrier is or becomes broken, or {@link #TIMED_OUT} for
   * the party whose own timeout broke it.
   */
  AWAIT,
  /** [] : null; breaks the current generation's waiters, then makes the barrier whole again. */
  RESET,
  /** [] : null; breaks the barrier until it is reset, as Python's abort. */
  ABORT,
  /** [] : Boolean. */
  IS_BROKEN,
  /** [] : Integer, how many parties wait now. */
  WAITING;

  /** AWAIT's answer when the barrier is broken. */
  public static final int BROKEN = -1;

  /** AWAIT's answer to the party whose timeout broke the barrier. */
  public static final int TIMED_OUT = -2;

  @Override
  public ObjectType type() {
    return ObjectType.BARRIER;
  }
}
