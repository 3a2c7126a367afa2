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

  /** A permit taken, returned by {@link #close()}, for try-with-resources. */
  interface Permit extends AutoCloseable {
    /** Returns the permit. */
    @Override
    void close();
  }
}
