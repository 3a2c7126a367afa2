package io.jmanager.client;

/**
 * A method of a user-registered object threw on the server; the message names the exception's class
 * and gives its message. The exception itself is never serialized.
 */
public final class RemoteInvocationException extends ManagerException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the server's description. */
  public RemoteInvocationException(String message) {
    super(message);
  }
}
