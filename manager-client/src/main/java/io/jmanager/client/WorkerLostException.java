package io.jmanager.client;

/**
 * A pool task could not complete because the worker JVMs running it died, as many times as the pool
 * allows ({@link Pool.Options#maxAttempts}), or because the pool's workers cannot start: then its
 * cause is a {@link ProcessStartException} when they kept exiting before they served the pool.
 */
public final class WorkerLostException extends ManagerException {
  private static final long serialVersionUID = 1L;

  WorkerLostException(String message) {
    super(message);
  }

  WorkerLostException(String message, Throwable cause) {
    super(message, cause);
  }
}
