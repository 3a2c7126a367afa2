package io.jmanager.client;

/**
 * The server refused an admin operation (shutdown, list sessions, release a lock, delete an object)
 * because this manager authenticated with the data key; connect with the admin key instead. Nothing
 * was applied.
 */
public final class ForbiddenException extends ManagerException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the server's reason. */
  public ForbiddenException(String message) {
    super(message);
  }
}
