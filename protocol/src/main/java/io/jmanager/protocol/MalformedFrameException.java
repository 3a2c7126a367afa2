package io.jmanager.protocol;

/** A frame body that holds no well-formed {@link Message}; nothing of it was applied. */
public final class MalformedFrameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code cause} is what the decoder threw, or null. */
  public MalformedFrameException(String message, Throwable cause) {
    super(message, cause);
  }
}
