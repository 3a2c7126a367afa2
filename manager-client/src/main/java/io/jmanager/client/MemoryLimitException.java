package io.jmanager.client;

/**
 * The server's memory budget is used up ({@code --max-memory}), so it refused a call that would
 * have grown the data it holds: a put, an add, a new object. Nothing was applied. Calls that read,
 * remove or take still work, and once enough is removed, growing calls succeed again.
 */
public final class MemoryLimitException extends ManagerException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the server's reason. */
  public MemoryLimitException(String message) {
    super(message);
  }
}
