package io.jmanager.protocol;

/**
 * The handshake failed; {@link #status()} says why: the version, the authkey, a busy server, a
 * server that is not its cluster's leader, or a session to resume that is closed.
 */
public final class HandshakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final byte status;

  /** Creates the exception with a REFUSED status and a reason. */
  public HandshakeException(byte status, String message) {
    super(message);
    this.status = status;
  }

  /**
   * {@link Handshake#WRONG_VERSION}, {@link Handshake#WRONG_KEY}, {@link Handshake#BUSY} or, after
   * AUTH, {@link Handshake#NOT_LEADER}, whose message is then the leader's address or empty, or
   * {@link Handshake#SESSION_EXPIRED}.
   */
  public byte status() {
    return status;
  }
}
