package io.jmanager.client;

/**
 * A fixed-length array of numbers shared by every JVM connected to the server, Python's {@code
 * Array(typecode, size)}, with the atomic updates of {@link
 * java.util.concurrent.atomic.AtomicLongArray}. The server holds the numbers, so each update is one
 * atomic operation there. Elements start at zero; an index outside the array throws {@link
 * IndexOutOfBoundsException}. An {@link ElementType#INT} array wraps to 32 bits, as Java's int
 * arithmetic does.
 *
 * <h2>Errors</h2>
 *
 * <p>{@link #name()}, {@link #elementType()} and {@link #length()} are answered locally and throw
 * nothing; every other method calls the server and may throw {@link ManagerException} when the
 * connection is lost, {@link ManagerTimeoutException} when the server does not answer within the
 * call timeout, {@link IllegalArgumentException} when a request is over the server's frame limit
 * (nothing is sent), and {@link IllegalStateException} once the object has been deleted ({@link
 * Manager#delete}). An index outside the array throws {@link IndexOutOfBoundsException}. After a
 * lost connection or a timeout the call may or may not have been applied; the other errors apply
 * nothing. Opening it ({@link Manager#array}) throws {@link WrongTypeException} when the name holds
 * another type of object, and {@link IllegalStateException} when it exists with another length or
 * element type.
 */
public interface SharedArray {
  /** The element types an array may hold: Python's typecodes 'i', 'q' (or 'l') and 'd'. */
  enum ElementType {
    INT,
    LONG,
    DOUBLE
  }

  /** The name this array is shared under. */
  String name();

  /** The element type given at creation. */
  ElementType elementType();

  /** The number of elements. */
  int length();

  /** Element {@code index} of an INT or LONG array (a DOUBLE one's, truncated). */
  long getLong(int index);

  /** Element {@code index} as a double. */
  double getDouble(int index);

  /** Sets element {@code index}. */
  void set(int index, long value);

  /** Sets element {@code index}; on an INT or LONG array the value is truncated. */
  void set(int index, double value);

  /** Adds {@code delta} to element {@code index} atomically and returns the new value. */
  long addAndGet(int index, long delta);

  /** Adds {@code delta} to element {@code index} of a DOUBLE array atomically. */
  double addAndGet(int index, double delta);

  /** Sets element {@code index} to {@code value} only if it equals {@code expected}. */
  boolean compareAndSet(int index, long expected, long value);

  /** Every element, read in one round trip. */
  long[] toLongArray();

  /** Every element as doubles, read in one round trip. */
  double[] toDoubleArray();
}
