package io.jmanager.client;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A barrier shared by every JVM connected to the server, Python's {@code Barrier(parties)} with the
 * rules of Java's {@link java.util.concurrent.CyclicBarrier}: {@link #await()} waits, on the
 * server, until {@link #parties()} threads in any JVMs have called it, then releases them all and
 * is ready for the next round. A waiting party that times out, is interrupted, or whose client
 * disconnects or dies breaks the barrier: the others get {@link BrokenBarrierException}, as do
 * later arrivals until {@link #reset()}.
 */
public interface SharedBarrier {
  /** The name this barrier is shared under. */
  String name();

  /** How many parties it waits for. */
  int parties();

  /**
   * Waits until all parties arrive; returns the arrival index, {@code parties() - 1} for the first
   * and 0 for the last.
   */
  int await() throws InterruptedException, BrokenBarrierException;

  /**
   * Waits at most {@code timeout}; on timeout breaks the barrier and throws {@link
   * TimeoutException}.
   */
  int await(long timeout, TimeUnit unit)
      throws InterruptedException, BrokenBarrierException, TimeoutException;

  /** Breaks the current waiters, then makes the barrier usable again. */
  void reset();

  /** Breaks the barrier until {@link #reset()}, as Python's {@code abort()}. */
  void abort();

  /** Whether the barrier is broken. */
  boolean isBroken();

  /** How many parties wait now. */
  int waiting();
}
