package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;

/** A request that cannot be applied; the dispatcher answers it with its code and message. */
final class OpException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  OpException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  ErrorCode code() {
    return code;
  }
}
