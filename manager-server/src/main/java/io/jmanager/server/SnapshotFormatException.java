package io.jmanager.server;

import java.io.IOException;

/**
 * A snapshot cannot be read (it is truncated, corrupted, or of another format) or a state cannot be
 * written into one; the message says what was being read or written.
 */
final class SnapshotFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  SnapshotFormatException(String message) {
    super(message);
  }

  SnapshotFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
