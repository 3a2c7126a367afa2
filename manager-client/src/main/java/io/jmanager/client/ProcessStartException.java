package io.jmanager.client;

/**
 * A child JVM ended before its own code ran: the JVM could not start (a bad JVM option, a classpath
 * without jmanager), its main class could not be loaded or has no static {@code main(String[])}, or
 * it called {@link Manager#fromEnvironment()} but its parent had passed it no manager. {@link
 * JvmProcess#join()} throws it, and a {@link Pool} whose workers keep failing so fails its tasks
 * with it as the cause of a {@link WorkerLostException}. The child's own output says more.
 */
public final class ProcessStartException extends ManagerException {
  private static final long serialVersionUID = 1L;

  ProcessStartException(String message) {
    super(message);
  }
}
