package io.jmanager.client;

import java.util.concurrent.locks.Lock;

/**
 * A lock shared by every JVM connected to the server: Python's {@code Lock} from {@link
 * Manager#lock}, or its {@code RLock} from {@link Manager#rlock}. Waiting happens on the server,
 * first come, first served. The holder is the calling thread of this client.
 *
 * <p>Who may unlock: a plain lock may be released by any thread of any client, as Python's may (and
 * it is not reentrant: its holder asking again waits like anyone else); a reentrant lock only by
 * the thread holding it, as many times as it acquired it, else {@link
 * IllegalMonitorStateException}. When the holder's connection closes, or its JVM dies, the lock is
 * released at once and handed to the next waiter. A thread whose hold an administrator revoked
 * ({@link Admin#releaseLock}) gets {@link IllegalMonitorStateException} from {@code unlock}, for
 * either kind, until it acquires the lock again.
 *
 * <p>{@link #newCondition()} returns a {@link SharedCondition} known only to its creator; use
 * {@link Manager#condition(String, SharedLock)} for one that other clients can reach by name.
 *
 * <pre>{@code
 * try (SharedLock.Held held = lock.locked()) {
 *   counter.put("count", counter.get("count") - 1);
 * }
 * }</pre>
 *
 * <h2>Errors</h2>
 *
 * <p>Besides what {@link Lock} promises, {@link #name()} and {@link #newCondition()} are answered
 * locally and throw nothing; every other method calls the server and may throw {@link
 * ManagerException} when the connection is lost, {@link ManagerTimeoutException} when the server
 * does not answer within the call timeout, {@link IllegalArgumentException} when a request is over
 * the server's frame limit (nothing is sent), and {@link IllegalStateException} once the object has
 * been deleted ({@link Manager#delete}). {@link #unlock()} throws {@link
 * IllegalMonitorStateException} when the calling thread may not release the lock (see above).
 * Blocking methods wait on the server and keep the JDK's interrupt contract: called with the
 * interrupt flag set, they throw {@link InterruptedException} at once and send nothing; interrupted
 * while waiting, they are cancelled on the server and throw it, unless the server had served them
 * already: then they return what they got, with the flag set again. A call that would wait when the
 * server's limits on waiting calls are reached throws {@link ServerBusyException}, unapplied.
 * {@link #lock()} and {@link #locked()} ignore interrupts and keep the flag, as {@code Lock.lock()}
 * does. After a lost connection or a timeout the call may or may not have been applied; the other
 * errors apply nothing. Opening it ({@link Manager#lock}) throws {@link WrongTypeException} when
 * the name holds another type of object.
 */
public interface SharedLock extends Lock {
  /** The name this lock is shared under. */
  String name();

  /** Whether any thread of any client holds the lock now. */
  boolean isLocked();

  /** How many times the calling thread holds the lock: 0 or 1, or more for a reentrant lock. */
  int holdCount();

  /** How many threads, in any JVM, wait to acquire the lock now. */
  int queueLength();

  /** Acquires the lock, waiting as {@link #lock()} does, and returns a handle that releases it. */
  Held locked();

  /**
   * A held lock, released by {@link #close()}, for try-with-resources.
   *
   * <h2>Errors</h2>
   *
   * <p>{@link #close()} throws as {@link SharedLock#unlock()} does.
   */
  interface Held extends AutoCloseable {
    /** Releases the lock. */
    @Override
    void close();
  }
}
