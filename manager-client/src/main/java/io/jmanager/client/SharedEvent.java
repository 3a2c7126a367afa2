package io.jmanager.client;

import java.util.concurrent.TimeUnit;

/**
 * An event shared by every JVM connected to the server, Python's {@code Event}: a flag that waiters
 * in any JVM wait on, on the server, until some client sets it. A waiter whose connection closes
 * simply stops waiting; nothing else changes.
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
