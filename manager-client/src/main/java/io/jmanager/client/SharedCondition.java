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
 *
 * <h2>Errors</h2>
 *
 * <p>Besides what {@link Condition} promises, {@link #name()} and {@link #lock()} are answered
 * locally and throw nothing; every other method calls the server and may throw {@link
 * ManagerException} when the connection is lost, {@link ManagerTimeoutException} when the server
 * does not answer within the call timeout, {@link IllegalArgumentException} when a request is over
 * the server's frame limit (nothing is sent), and {@link IllegalStateException} once the object has
 * been deleted ({@link Manager#delete}). Awaiting or signalling without holding the lock throws
 * {@link IllegalMonitorStateException}. Blocking methods wait on the server and keep the JDK's
 * interrupt contract: called with the interrupt flag set, they throw {@link InterruptedException}
 * at once and send nothing; interrupted while waiting, they are cancelled on the server and throw
 * it, unless the server had served them already: then they return what they got, with the flag set
 * again. A call that would wait when the server's limits on waiting calls are reached throws {@link
 * ServerBusyException}, unapplied. {@link #awaitUninterruptibly()} ignores interrupts and keeps the
 * flag. After a lost connection or a timeout the call may or may not have been applied; the other
 * errors apply nothing. {@link Manager#condition(String)} opens the rlock of the same name, so
 * throws {@link WrongTypeException} when the name holds another type of object; {@link
 * Manager#condition(String, SharedLock)} throws {@link IllegalArgumentException} when the lock is
 * not a shared lock.
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

  /**
   * Wakes up to {@code n} of the threads waiting on this condition, longest waiting first, Python's
   * {@code notify(n)}; returns how many it woke. Throws {@link IllegalArgumentException} when
   * {@code n} is negative, {@link IllegalMonitorStateException} when the thread does not hold the
   * lock.
   */
  int signal(int n);

  /** How many threads, in any JVM, wait on this condition now. */
  int waiting();
}
