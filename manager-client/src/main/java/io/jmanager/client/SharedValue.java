package io.jmanager.client;

/**
 * One value shared by every JVM connected to the server, Python's {@code Value}, with the atomic
 * updates of {@link java.util.concurrent.atomic.AtomicReference}. {@link #addAndGet} is computed on
 * the server for the built-in number types (Integer, Long, Short, Byte, Double, Float); the result
 * keeps the current value's type. {@link #compareAndSet} compares serialized forms.
 *
 * <h2>Errors</h2>
 *
 * <p>{@link #name()} is answered locally and throws nothing; every other method calls the server
 * and may throw {@link ManagerException} when the connection is lost, {@link
 * ManagerTimeoutException} when the server does not answer within the call timeout, {@link
 * IllegalArgumentException} when a request is over the server's frame limit (nothing is sent), and
 * {@link IllegalStateException} once the object has been deleted ({@link Manager#delete}). A value
 * to store, or one read back, whose class is not registered in this JVM throws {@link
 * SerializationException}. A call that would grow the object past the server's memory budget throws
 * {@link MemoryLimitException}, and one whose answer is over the server's reply limit {@link
 * TooLargeException}. Null values throw {@link NullPointerException}. After a lost connection or a
 * timeout the call may or may not have been applied; the other errors apply nothing. Opening it
 * ({@link Manager#value}) throws {@link WrongTypeException} when the name holds another type of
 * object.
 *
 * @param <T> the value's type, registered with the manager's Kryo unless built in
 */
public interface SharedValue<T> {
  /** The name this value is shared under. */
  String name();

  /** The current value. */
  T get();

  /** Replaces the value; null is rejected with {@link NullPointerException}. */
  void set(T value);

  /** Replaces the value and returns the previous one, atomically. */
  T getAndSet(T value);

  /** Replaces the value only if it equals {@code expected}; returns whether it did. */
  boolean compareAndSet(T expected, T value);

  /**
   * Adds {@code delta} on the server and returns the new value; throws {@link
   * IllegalArgumentException} when the value or delta is not a built-in number.
   */
  T addAndGet(Number delta);
}
