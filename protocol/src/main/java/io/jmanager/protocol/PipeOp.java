package io.jmanager.protocol;

/**
 * Operations on a shared pipe, Python's {@code Pipe()}: two ends, 0 and 1; what one end sends, the
 * other receives, in order. In a one-way pipe ({@code Pipe(duplex=False)}) end 0 only receives and
 * end 1 only sends.
 *
 * <p>Each connection uses an end through its own hold, as each Python process has its own handle:
 * {@link #HOLD} takes it, {@link #CLOSE} releases it, and so does the connection's end. An end is
 * closed for real when its last hold (or {@link #SHARE reservation}) is released: what was sent to
 * it is dropped, sending to it fails, and the other end receives what is left, then the end of the
 * stream. An end nobody has held yet is open. Using an end without a hold on it, a closed end, or
 * the wrong direction fails with ILLEGAL_STATE.
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
  /**
   * [Integer end] : null; releases this connection's hold on the end (without one, a no-op); the
   * last release closes the end.
   */
  CLOSE,
  /**
   * [Integer end] : null; takes this connection's hold on the end, once however often asked; fails
   * once the end is closed.
   */
  HOLD,
  /**
   * [Integer end] : Long ticket; reserves a hold on an end this connection holds, for another
   * process to {@link #CLAIM}, as Python's child inherits a handle when it starts. Until claimed it
   * keeps the end open, like a hold; it is dropped if this connection closes first.
   */
  SHARE,
  /**
   * [Integer end, Long ticket] : null; takes this connection's hold on the end in place of the
   * reservation {@code ticket}; a reservation that is gone (claimed, or its connection closed)
   * makes it a plain {@link #HOLD}.
   */
  CLAIM,
  /**
   * [Integer end, Integer maxLength, Long timeoutNanos] : as {@link #RECV}, or Integer, the length
   * of the next value when it is longer than {@code maxLength}: that value stays in the pipe.
   */
  RECV_BYTES;

  /** RECV's answer at the end of the stream. */
  public static final Boolean END_OF_STREAM = Boolean.FALSE;

  @Override
  public ObjectType type() {
    return ObjectType.PIPE;
  }
}
