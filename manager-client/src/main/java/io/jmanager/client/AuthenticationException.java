package io.jmanager.client;

/** The server refused the authkey, or could not prove that it holds the same one. */
public final class AuthenticationException extends ManagerException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the reason. */
  public AuthenticationException(String message) {
    super(message);
  }
}
