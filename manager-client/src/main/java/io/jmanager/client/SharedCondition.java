package io.jmanager.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;

/**
 * A condition shared by every JVM connected to the server, bound to a shared lock: Python's {@code
 * Condition}, with the contract of {@link Condition}. The calling thread must hold {@link #lock()}
 * to await or signal, else {@link IllegalMonitorStateException}. Awaiting releases the lock however
 * many times it is held, waits on the server, and returns (signalled, timed out or interrupted)
 * only once the thread holds the lock again as many times as before. A waiter whose client dies is
 * forgotten; a holder that dies releases the lock as usual.
 */
public interface SharedCondition extends Condition {
  /** The name of this condition on its lock. */
  String name();

  /** The lock this condition is bound to. */
  SharedLock lock();

  /** Waits until {@code predicate} holds, re-checking it after each wake-up; Python's wait_for. */
  void awaitUntil(BooleanSupplier predicate) throws InterruptedException;

  /**
   * Waits at most {@code time} for {@code predicate} to hold; returns its last value, as Python's
   * {@code wait_for(predicate, timeout)}.
   */
  boolean awaitUntil(BooleanSupplier predicate, long time, TimeUnit unit)
      throws InterruptedException;

  /** How many threads, in any JVM, wait on this condition now. */
  int waiting();
}
