package io.jmanager.protocol;

/** The handshake failed; {@link #status()} says whether for the version or the authkey. */
public final class HandshakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final byte status;

  /** Creates the exception with a REFUSED status and a reason. */
  public HandshakeException(byte status, String message) {
    super(message);
    this.status = status;
  }

  /** The REFUSED status: one of {@link Handshake}'s status constants. */
  public byte status() {
    return status;
  }
}
