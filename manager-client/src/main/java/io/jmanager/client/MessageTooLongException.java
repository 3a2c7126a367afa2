package io.jmanager.client;

import java.io.IOException;

/**
 * The next message in a pipe is longer than the {@code maxLength} given to {@link
 * SharedPipe.Connection#recvBytes(int)}, Python's {@code OSError} from {@code
 * recv_bytes(maxlength)}. Unlike Python, the message stays in the pipe, and the end stays usable:
 * receive it with a larger bound, or none.
 */
public final class MessageTooLongException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int length;
  private final int maxLength;

  /** Creates the exception for a message of {@code length} bytes, over {@code maxLength}. */
  public MessageTooLongException(int length, int maxLength) {
    super("the next message is " + length + " bytes, longer than maxLength " + maxLength);
    this.length = length;
    this.maxLength = maxLength;
  }

  /** The length of the message, in bytes. */
  public int length() {
    return length;
  }

  /** The bound it is longer than. */
  public int maxLength() {
    return maxLength;
  }
}
