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

  /** A held lock, released by {@link #close()}, for try-with-resources. */
  interface Held extends AutoCloseable {
    /** Releases the lock. */
    @Override
    void close();
  }
}
