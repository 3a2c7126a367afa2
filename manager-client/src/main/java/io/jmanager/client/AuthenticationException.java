package io.jmanager.client;

/**
 * The server refused the authkey, or could not prove that it holds the same one; or, with TLS, the
 * TLS handshake failed: a certificate was not trusted or did not name the host, the server refused
 * this client's certificate or its lack of one, or the server does not speak TLS.
 */
public final class AuthenticationException extends ManagerException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the reason. */
  public AuthenticationException(String message) {
    super(message);
  }

  /** Creates the exception with the reason and its cause. */
  public AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
