package io.jmanager.client;

/**
 * Root of jmanager's own exceptions: the server cannot be reached, the connection was lost, or the
 * server failed in a way no Java interface has an exception for. Unchecked, like Lettuce's.
 */
public class ManagerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public ManagerException(String message) {
    super(message);
  }

  /** Creates the exception with a message and its cause. */
  public ManagerException(String message, Throwable cause) {
    super(message, cause);
  }
}
