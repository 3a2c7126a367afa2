package io.jmanager.client;

/**
 * One value shared by every JVM connected to the server, Python's {@code Value}, with the atomic
 * updates of {@link java.util.concurrent.atomic.AtomicReference}. {@link #addAndGet} is computed on
 * the server for the built-in number types (Integer, Long, Short, Byte, Double, Float); the result
 * keeps the current value's type. {@link #compareAndSet} compares serialized forms.
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
