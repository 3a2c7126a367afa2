package io.jmanager.client;

/**
 * The server's memory budget is used up ({@code --max-memory}), so it refused a call that would
 * have grown the data it holds: a put, an add, a new object. Nothing was applied. Calls that read,
 * remove or take still work, and once enough is removed, growing calls succeed again. Also thrown
 * when a call ran out of heap on the server (an {@code OutOfMemoryError} there): it changed
 * nothing, and the server goes on serving.
 */
public final class MemoryLimitException extends ManagerException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the server's reason. */
  public MemoryLimitException(String message) {
    super(message);
  }
}
