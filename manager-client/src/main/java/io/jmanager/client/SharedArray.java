package io.jmanager.client;

/**
 * A fixed-length array of numbers shared by every JVM connected to the server, Python's {@code
 * Array(typecode, size)}, with the atomic updates of {@link
 * java.util.concurrent.atomic.AtomicLongArray}. The server holds the numbers, so each update is one
 * atomic operation there. Elements start at zero, or at the values given at creation; an index
 * outside the array throws {@link IndexOutOfBoundsException}. An integral element wraps to its
 * type's width as a C cast does, as in Python's {@code multiprocessing.Array} (an {@link
 * ElementType#INT} like Java's int, an {@link ElementType#UNSIGNED_BYTE} to 0..255), where Python's
 * {@code array.array} would raise {@code OverflowError}; a {@link ElementType#FLOAT} rounds to
 * single precision. An {@link ElementType#UNSIGNED_LONG} element reads as a long holding its bits
 * ({@link Long#toUnsignedString}), and as a double by its unsigned value.
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
  /** The element types an array may hold, with the Python typecode of each. */
  enum ElementType {
    /** 'i': 32-bit signed. */
    INT('i'),
    /** 'q' (and 'l' on 64-bit Linux and macOS): 64-bit signed. */
    LONG('q'),
    /** 'd': 64-bit floating point. */
    DOUBLE('d'),
    /** 'b': 8-bit signed. */
    BYTE('b'),
    /** 'B': 8-bit unsigned, 0 to 255. */
    UNSIGNED_BYTE('B'),
    /** 'h': 16-bit signed. */
    SHORT('h'),
    /** 'H': 16-bit unsigned, 0 to 65,535. */
    UNSIGNED_SHORT('H'),
    /** 'I': 32-bit unsigned, 0 to 4,294,967,295. */
    UNSIGNED_INT('I'),
    /** 'Q' (and 'L' on 64-bit Linux and macOS): 64-bit unsigned. */
    UNSIGNED_LONG('Q'),
    /** 'f': 32-bit floating point. */
    FLOAT('f'),
    /** 'u': a character, as a UTF-16 code unit (Java's char), 0 to 65,535. */
    CHAR('u');

    private final char typecode;

    ElementType(char typecode) {
      this.typecode = typecode;
    }

    /** This type's Python typecode. */
    public char typecode() {
      return typecode;
    }

    /**
     * The element type of a Python typecode: b B h H i I l L q Q f d u, 'l' and 'L' being 64-bit as
     * on Linux and macOS. Throws {@link IllegalArgumentException} for another.
     */
    public static ElementType of(char typecode) {
      for (ElementType type : values()) {
        if (type.typecode == typecode) {
          return type;
        }
      }
      return switch (typecode) {
        case 'l' -> LONG;
        case 'L' -> UNSIGNED_LONG;
        default -> throw new IllegalArgumentException("no array typecode '" + typecode + "'");
      };
    }

    /** The name the server knows this type by. */
    String wireName() {
      return switch (this) {
        case UNSIGNED_BYTE -> "ubyte";
        case UNSIGNED_SHORT -> "ushort";
        case UNSIGNED_INT -> "uint";
        case UNSIGNED_LONG -> "ulong";
        default -> name().toLowerCase(java.util.Locale.ROOT);
      };
    }
  }

  /** The name this array is shared under. */
  String name();

  /** The element type given at creation. */
  ElementType elementType();

  /** The number of elements. */
  int length();

  /** Element {@code index} of an INT or LONG array (a DOUBLE one's, truncated). */
  long getLong(int index);

  /** Element {@code index} as a double (an UNSIGNED_LONG one's by its unsigned value). */
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
