package io.jmanager.client;

import java.util.concurrent.TimeUnit;

/**
 * An event shared by every JVM connected to the server, Python's {@code Event}: a flag that waiters
 * in any JVM wait on, on the server, until some client sets it. A waiter whose connection closes
 * simply stops waiting; nothing else changes.
 *
 * <h2>Errors</h2>
 *
 * <p>{@link #name()} is answered locally and throws nothing; every other method calls the server
 * and may throw {@link ManagerException} when the connection is lost, {@link
 * ManagerTimeoutException} when the server does not answer within the call timeout, {@link
 * IllegalArgumentException} when a request is over the server's frame limit (nothing is sent), and
 * {@link IllegalStateException} once the object has been deleted ({@link Manager#delete}). Blocking
 * methods wait on the server and keep the JDK's interrupt contract: called with the interrupt flag
 * set, they throw {@link InterruptedException} at once and send nothing; interrupted while waiting,
 * they are cancelled on the server and throw it, unless the server had served them already: then
 * they return what they got, with the flag set again. A call that would wait when the server's
 * limits on waiting calls are reached throws {@link ServerBusyException}, unapplied. After a lost
 * connection or a timeout the call may or may not have been applied; the other errors apply
 * nothing. Opening it ({@link Manager#event}) throws {@link WrongTypeException} when the name holds
 * another type of object.
 */
public interface SharedEvent {
  /** The name this event is shared under. */
  String name();

  /** Sets the flag and wakes every waiter. */
  void set();

  /** Clears the flag. */
  void clear();

  /** Whether the flag is set. */
  boolean isSet();

  /** Waits until the flag is set. */
  void await() throws InterruptedException;

  /** Waits at most {@code timeout} for the flag; returns it (false on timeout), like Python. */
  boolean await(long timeout, TimeUnit unit) throws InterruptedException;

  /** How many clients' threads wait now. */
  int waiting();
}
