package io.jmanager.protocol;

/**
 * Operations on a shared barrier, Python's {@code Barrier(parties)} with Java's {@code
 * CyclicBarrier} rules: AWAIT parks on the server until all parties have arrived. A party that
 * times out, is cancelled, or whose client disconnects while waiting breaks the barrier for all.
 */
public enum BarrierOp implements Op {
  /**
   * [Long timeoutNanos, below 0 for the barrier's default timeout or none] : Integer, the arrival
   * index (parties - 1 for the first to arrive, 0 for the last, or {@link #RUN_ACTION} for the last
   * when there is an action), or {@link #BROKEN} when the barrier is or becomes broken, or {@link
   * #TIMED_OUT} for the party whose own timeout broke it.
   */
  AWAIT,
  /** [] : null; breaks the current generation's waiters, then makes the barrier whole again. */
  RESET,
  /** [] : null; breaks the barrier until it is reset, as Python's abort. */
  ABORT,
  /** [] : Boolean. */
  IS_BROKEN,
  /** [] : Integer, how many parties wait now. */
  WAITING,
  /**
   * [byte[] action or null, Long default timeout in nanoseconds or -1 for none] : null; gives the
   * barrier each setting it does not have yet (the first given stays). The action is opaque bytes a
   * client runs; the default timeout applies to an AWAIT without a timeout of its own.
   */
  CONFIGURE,
  /** [] : byte[] action, or null when the barrier has none. */
  ACTION;

  /** AWAIT's answer when the barrier is broken. */
  public static final int BROKEN = -1;

  /** AWAIT's answer to the party whose timeout broke the barrier. */
  public static final int TIMED_OUT = -2;

  /**
   * AWAIT's answer to the last party (index 0) of a barrier that has an action: that party runs it.
   */
  public static final int RUN_ACTION = -3;

  @Override
  public ObjectType type() {
    return ObjectType.BARRIER;
  }
}
