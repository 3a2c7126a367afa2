package io.jmanager.client;

/**
 * A pool task threw in its worker JVM (or the worker's initializer did). The remote exception
 * itself is never deserialized: this carries its class name, message and stack trace as text, and
 * shows the trace as its cause, like Python's {@code RemoteTraceback}.
 *
 * <h2>Errors</h2>
 *
 * <p>Its accessors are local and throw nothing.
 */
public final class TaskFailedException extends ManagerException {
  private static final long serialVersionUID = 1L;

  private final String remoteClassName;
  private final String remoteMessage;
  private final String remoteStackTrace;

  TaskFailedException(
      String message, String remoteClassName, String remoteMessage, String remoteStackTrace) {
    super(message, new RemoteTrace(remoteStackTrace));
    this.remoteClassName = remoteClassName;
    this.remoteMessage = remoteMessage;
    this.remoteStackTrace = remoteStackTrace;
  }

  /** The class name of the exception the task threw, such as {@code java.io.IOException}. */
  public String remoteClassName() {
    return remoteClassName;
  }

  /** The message of the exception the task threw, or null if it had none. */
  public String remoteMessage() {
    return remoteMessage;
  }

  /** The worker's stack trace of the exception, with its causes, as printed there. */
  public String remoteStackTrace() {
    return remoteStackTrace;
  }

  /** Shows a worker's stack trace text as the cause of the local exception. */
  private static final class RemoteTrace extends Exception {
    private static final long serialVersionUID = 1L;

    RemoteTrace(String trace) {
      super(trace, null, false, false);
    }

    @Override
    public String toString() {
      return "remote " + getMessage();
    }
  }
}
