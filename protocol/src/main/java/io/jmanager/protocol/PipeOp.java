package io.jmanager.protocol;

/**
 * Operations on a shared pipe, Python's {@code Pipe()}: two ends, 0 and 1; what one end sends, the
 * other receives, in order. In a one-way pipe ({@code Pipe(duplex=False)}) end 0 only receives and
 * end 1 only sends. Once an end is closed, the other end receives what is left, then the end of the
 * stream. Misuse (a closed end, the wrong direction) fails with ILLEGAL_STATE.
 */
public enum PipeOp implements Op {
  /** [Integer end, value] : null; sends to the other end. */
  SEND,
  /**
   * [Integer end, Long timeoutNanos] : value bytes; null on timeout; Boolean false at the end of
   * the stream (the other end is closed and nothing is left). Parks while nothing is there.
   */
  RECV,
  /**
   * [Integer end, Long timeoutNanos] : Boolean, whether a RECV would not wait (a value or the end
   * of the stream is there); parks until then or the timeout.
   */
  POLL,
  /** [Integer end] : null; closes the end (again is a no-op). */
  CLOSE;

  /** RECV's answer at the end of the stream. */
  public static final Boolean END_OF_STREAM = Boolean.FALSE;

  @Override
  public ObjectType type() {
    return ObjectType.PIPE;
  }
}
