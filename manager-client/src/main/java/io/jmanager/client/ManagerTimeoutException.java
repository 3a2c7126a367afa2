package io.jmanager.client;

/** The server did not answer within the call timeout ({@link Manager.Builder#callTimeout}). */
public final class ManagerTimeoutException extends ManagerException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the call and the timeout. */
  public ManagerTimeoutException(String message) {
    super(message);
  }
}
