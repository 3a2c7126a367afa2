package io.jmanager.server;

import io.jmanager.protocol.ArrayOp;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A shared fixed-length array of numbers, Python's Array: integral elements held as longs wrapped
 * to their type's width, floating ones as doubles rounded to theirs, so that updates such as
 * addAndGet are single atomic operations on the server. The first INIT (or INIT_WITH) fixes the
 * element type; until then the array refuses every other op.
 */
final class ArrayObject extends SharedObject {
  /** Longest array accepted: its snapshot, up to 9 bytes an element, fits a 16 MiB frame. */
  static final int MAX_LENGTH = 1 << 20;

  /** The element types, as ArrayOp names them. */
  private static final List<String> TYPES =
      List.of(
          "byte", "ubyte", "short", "ushort", "char", "int", "uint", "long", "ulong", "float",
          "double");

  private final int length;
  private long[] integral;
  private double[] floating;
  private String elementType;

  ArrayObject(long id, String name, int length) {
    super(id, name);
    this.length = length;
  }

  @Override
  ObjectType type() {
    return ObjectType.ARRAY;
  }

  @Override
  int parameter() {
    return length;
  }

  /** Its elements, eight bytes each, counted from creation though allocated at INIT. */
  @Override
  long storageBytes() {
    return 16 + 8L * length;
  }

  @Override
  List<Waiters<?>> waiters() {
    return List.of();
  }

  @Override
  void applyLocked(Call call) {
    ArrayOp op = (ArrayOp) call.op();
    if (op != ArrayOp.INIT && op != ArrayOp.INIT_WITH && elementType == null) {
      throw new OpException(ErrorCode.ILLEGAL_STATE, this + " has no element type yet");
    }
    switch (op) {
      case INIT -> {
        init(call.string(0));
        call.reply(null);
      }
      case INIT_WITH -> call.reply(initWith(call, call.string(0)));
      case GET -> call.reply(get(index(call)));
      case SET -> set(call, index(call), number(call, 1));
      case ADD_AND_GET -> call.reply(add(index(call), number(call, 1)));
      case COMPARE_AND_SET ->
          call.reply(compareAndSet(index(call), number(call, 1), number(call, 2)));
      case LENGTH -> call.reply(length);
      case SNAPSHOT -> call.reply(snapshot());
    }
  }

  /** Fixes the element type, and stores the values given if it was not fixed yet. */
  private boolean initWith(Call call, String type) {
    List<?> values = call.arg(1, ArrayList.class);
    if (values.size() != length) {
      throw new OpException(
          ErrorCode.ILLEGAL_ARGUMENT, values.size() + " values for " + length + " elements");
    }
    for (Object value : values) {
      if (!(value instanceof Long || value instanceof Double)) {
        throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "an element must be a Long or Double");
      }
    }
    if (!init(type)) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      store(i, (Number) values.get(i));
    }
    return true;
  }

  /** Fixes or checks the element type; returns whether this call fixed it. */
  private boolean init(String type) {
    if (!TYPES.contains(type)) {
      throw new OpException(
          ErrorCode.ILLEGAL_ARGUMENT, "element type must be one of " + String.join(", ", TYPES));
    }
    if (elementType != null && !elementType.equals(type)) {
      throw new OpException(
          ErrorCode.ILLEGAL_STATE, this + " holds " + elementType + " elements, not " + type);
    }
    if (elementType != null) {
      return false;
    }
    // the storage first: if it cannot be allocated, the array still has no element type
    if (isFloating(type)) {
      floating = new double[length];
    } else {
      integral = new long[length];
    }
    elementType = type;
    return true;
  }

  private static boolean isFloating(String type) {
    return type.equals("double") || type.equals("float");
  }

  private boolean floating() {
    return floating != null;
  }

  private int index(Call call) {
    int index = call.intArg(0);
    if (index < 0 || index >= length) {
      throw new OpException(
          ErrorCode.INDEX_OUT_OF_BOUNDS, "Index " + index + " out of bounds for length " + length);
    }
    return index;
  }

  private static Number number(Call call, int arg) {
    return call.arg(arg, Number.class);
  }

  private Number get(int index) {
    return floating() ? (Number) floating[index] : (Number) integral[index];
  }

  private void set(Call call, int index, Number value) {
    store(index, value);
    call.reply(null);
  }

  private void store(int index, Number value) {
    if (floating()) {
      double number = value.doubleValue();
      floating[index] = elementType.equals("float") ? (float) number : number;
    } else {
      integral[index] = wrap(value.longValue());
    }
  }

  /** An integral value wrapped to the element type's width, as a C cast does. */
  private long wrap(long value) {
    return switch (elementType) {
      case "byte" -> (byte) value;
      case "ubyte" -> value & 0xFFL;
      case "short" -> (short) value;
      case "ushort", "char" -> value & 0xFFFFL;
      case "int" -> (int) value;
      case "uint" -> value & 0xFFFF_FFFFL;
      default -> value;
    };
  }

  private Number add(int index, Number delta) {
    if (floating()) {
      store(index, floating[index] + delta.doubleValue());
    } else {
      store(index, integral[index] + delta.longValue());
    }
    return get(index);
  }

  private boolean compareAndSet(int index, Number expected, Number value) {
    boolean equal =
        floating()
            ? Double.compare(floating[index], expected.doubleValue()) == 0
            : integral[index] == expected.longValue();
    if (equal) {
      store(index, value);
    }
    return equal;
  }

  private ArrayList<Object> snapshot() {
    ArrayList<Object> all = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      all.add(get(i));
    }
    return all;
  }

  /** The element type, then each element's 64 bits (a floating one's raw bits). */
  @Override
  void writeState(SnapshotWriter out) throws IOException {
    out.writeNullableString(elementType);
    for (int i = 0; elementType != null && i < length; i++) {
      out.writeLong(floating() ? Double.doubleToRawLongBits(floating[i]) : integral[i]);
    }
  }

  @Override
  void readState(SnapshotReader in) throws IOException {
    String type = in.readNullableString("the element type");
    if (type == null) {
      return;
    }
    init(type);
    for (int i = 0; i < length; i++) {
      long bits = in.readLong("an element");
      if (floating()) {
        floating[i] = Double.longBitsToDouble(bits);
      } else {
        integral[i] = bits;
      }
    }
  }
}
