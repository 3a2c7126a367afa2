package io.jmanager.client;

/**
 * The queue was shut down ({@link SharedQueue#shutdown()}), Python's {@code queue.ShutDown}: it
 * takes no more items, and, once what was left has been taken, has none to give. Thrown instead of
 * waiting, so a consumer's loop ends on it where a Python program would wait for a sentinel.
 */
public final class QueueShutDownException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the server's message, naming the queue. */
  public QueueShutDownException(String message) {
    super(message);
  }
}
