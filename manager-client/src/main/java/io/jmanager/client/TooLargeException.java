package io.jmanager.client;

/**
 * The server's answer to a call would be larger than its reply limit ({@code --max-reply-bytes}),
 * such as a snapshot of a list holding more than that, so the server answered this instead. Nothing
 * was applied and nothing was taken: an item a {@code drain} would have returned is still in its
 * queue. A value too large to send is refused before it leaves the client, with {@link
 * IllegalArgumentException}.
 */
public final class TooLargeException extends ManagerException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the server's reason. */
  public TooLargeException(String message) {
    super(message);
  }
}
