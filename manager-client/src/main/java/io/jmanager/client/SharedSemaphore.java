package io.jmanager.client;

import java.util.concurrent.TimeUnit;

/**
 * A counting semaphore shared by every JVM connected to the server: Python's {@code Semaphore} from
 * {@link Manager#semaphore}, or its {@code BoundedSemaphore} from {@link Manager#boundedSemaphore},
 * whose {@link #release} throws {@link IllegalStateException} (Python's ValueError) when it would
 * raise the free permits above the initial count. Methods follow {@link
 * java.util.concurrent.Semaphore}; waiting happens on the server, first come, first served, and a
 * large request at the head is not overtaken by smaller ones behind it.
 *
 * <p>Anyone may release. Permits are counted per client: when a client's connection closes or its
 * JVM dies, the permits it took and did not release return at once to the next waiters.
 *
 * <h2>Errors</h2>
 *
 * <p>{@link #name()} and {@link #initialPermits()} are answered locally and throw nothing; every
 * other method calls the server and may throw {@link ManagerException} when the connection is lost,
 * {@link ManagerTimeoutException} when the server does not answer within the call timeout, {@link
 * IllegalArgumentException} when a request is over the server's frame limit (nothing is sent), and
 * {@link IllegalStateException} once the object has been deleted ({@link Manager#delete}). A count
 * of permits below 1 throws {@link IllegalArgumentException}, and a release past the bound {@link
 * IllegalStateException} (see {@link #release(int)}). Blocking methods wait on the server and keep
 * the JDK's interrupt contract: called with the interrupt flag set, they throw {@link
 * InterruptedException} at once and send nothing; interrupted while waiting, they are cancelled on
 * the server and throw it, unless the server had served them already: then they return what they
 * got, with the flag set again. A call that would wait when the server's limits on waiting calls
 * are reached throws {@link ServerBusyException}, unapplied. After a lost connection or a timeout
 * the call may or may not have been applied; the other errors apply nothing. Opening it ({@link
 * Manager#semaphore}) throws {@link WrongTypeException} when the name holds another type of object,
 * and {@link IllegalStateException} when it exists with another count.
 */
public interface SharedSemaphore {
  /** The name this semaphore is shared under. */
  String name();

  /** The permits it was created with. */
  int initialPermits();

  /** Takes one permit, waiting while none is free. */
  void acquire() throws InterruptedException;

  /** Takes {@code permits} permits at once, waiting while fewer are free. */
  void acquire(int permits) throws InterruptedException;

  /** Takes one permit if one is free now; returns whether it did. */
  boolean tryAcquire();

  /** Takes {@code permits} permits if they are free now; returns whether it did. */
  boolean tryAcquire(int permits);

  /** Takes one permit, waiting at most {@code timeout}; returns whether it did. */
  boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException;

  /** Takes {@code permits} permits, waiting at most {@code timeout}; returns whether it did. */
  boolean tryAcquire(int permits, long timeout, TimeUnit unit) throws InterruptedException;

  /** Returns one permit. */
  void release();

  /**
   * Returns {@code permits} permits; throws {@link IllegalStateException}, changing nothing, when
   * they would raise a bounded semaphore's free permits above its initial count, or any semaphore's
   * above {@link Integer#MAX_VALUE}.
   */
  void release(int permits);

  /** How many permits are free now. */
  int availablePermits();

  /** How many acquirers, in any JVM, wait now. */
  int queueLength();

  /**
   * Takes one permit, waiting as {@link #acquire()} does, and returns a handle that releases it.
   */
  Permit acquired() throws InterruptedException;

  /**
   * A permit taken, returned by {@link #close()}, for try-with-resources.
   *
   * <h2>Errors</h2>
   *
   * <p>{@link #close()} throws as {@link SharedSemaphore#release()} does.
   */
  interface Permit extends AutoCloseable {
    /** Returns the permit. */
    @Override
    void close();
  }
}
