package io.jmanager.client;

import io.jmanager.protocol.ErrorCode;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;

/**
 * A failure answer from the server, carried through a call's future until the waiting thread turns
 * it into the exception the Java interface promises ({@link #toException()}), so that exception's
 * stack trace shows the caller.
 */
final class RemoteFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  RemoteFailure(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  ErrorCode code() {
    return code;
  }

  /** The exception a caller of the proxy sees for this failure. */
  RuntimeException toException() {
    String message = getMessage();
    return switch (code) {
      case NO_SUCH_ELEMENT -> new NoSuchElementException(message);
      case INDEX_OUT_OF_BOUNDS -> new IndexOutOfBoundsException(message);
      case ILLEGAL_ARGUMENT -> new IllegalArgumentException(message);
      case ILLEGAL_STATE, NO_SUCH_OBJECT -> new IllegalStateException(message);
      case WRONG_TYPE -> new WrongTypeException(message);
      case CANCELLED -> new CancellationException(message);
      case REMOTE_EXCEPTION -> new RemoteInvocationException(message);
      case BUSY -> new ServerBusyException(message);
      case FORBIDDEN -> new ForbiddenException(message);
      case TOO_LARGE -> new TooLargeException(message);
      case MEMORY -> new MemoryLimitException(message);
      case QUEUE_SHUT_DOWN -> new QueueShutDownException(message);
      case PROTOCOL, SHUTTING_DOWN, INTERNAL -> new ManagerException(code + ": " + message);
    };
  }
}
