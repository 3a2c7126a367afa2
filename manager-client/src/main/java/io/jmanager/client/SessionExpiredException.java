package io.jmanager.client;

/**
 * The server no longer has this manager's session: its connection was lost, and the session's lease
 * (the server's {@code --session-lease-seconds}) ran out before the manager could connect again, so
 * the server closed it, releasing its locks and permits and putting back what it had taken and not
 * acknowledged. Every call of the manager fails with it from then on: connect a new manager.
 */
public final class SessionExpiredException extends ManagerException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the server's reason. */
  public SessionExpiredException(String message) {
    super(message);
  }
}
