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
 *
 * <h2>Errors</h2>
 *
 * <p>{@link #name()} and {@link #parties()} are answered locally and throw nothing; every other
 * method calls the server and may throw {@link ManagerException} when the connection is lost,
 * {@link ManagerTimeoutException} when the server does not answer within the call timeout, {@link
 * IllegalArgumentException} when a request is over the server's frame limit (nothing is sent), and
 * {@link IllegalStateException} once the object has been deleted ({@link Manager#delete}). Blocking
 * methods wait on the server and keep the JDK's interrupt contract: called with the interrupt flag
 * set, they throw {@link InterruptedException} at once and send nothing; interrupted while waiting,
 * they are cancelled on the server and throw it, unless the server had served them already: then
 * they return what they got, with the flag set again. A call that would wait when the server's
 * limits on waiting calls are reached throws {@link ServerBusyException}, unapplied. A broken
 * barrier throws {@link BrokenBarrierException} from {@code await}, and a timed {@code await} that
 * times out {@link TimeoutException}. After a lost connection or a timeout the call may or may not
 * have been applied; the other errors apply nothing. Opening it ({@link Manager#barrier}) throws
 * {@link WrongTypeException} when the name holds another type of object, and {@link
 * IllegalStateException} when it exists with another count of parties.
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
