package io.jmanager.server;

import io.jmanager.protocol.ArrayOp;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectType;
import java.util.ArrayList;
import java.util.List;

/**
 * A shared fixed-length array of numbers, Python's Array: "int", "long" or "double" elements held
 * natively, so that updates such as addAndGet are single atomic operations on the server. The first
 * INIT fixes the element type; until then the array refuses every other op.
 */
final class ArrayObject extends SharedObject {
  /** Longest array accepted: its snapshot, up to 9 bytes an element, fits a 16 MiB frame. */
  static final int MAX_LENGTH = 1 << 20;

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
    if (op != ArrayOp.INIT && elementType == null) {
      throw new OpException(ErrorCode.ILLEGAL_STATE, this + " has no element type yet");
    }
    switch (op) {
      case INIT -> init(call, call.string(0));
      case GET -> call.reply(get(index(call)));
      case SET -> set(call, index(call), number(call, 1));
      case ADD_AND_GET -> call.reply(add(index(call), number(call, 1)));
      case COMPARE_AND_SET ->
          call.reply(compareAndSet(index(call), number(call, 1), number(call, 2)));
      case LENGTH -> call.reply(length);
      case SNAPSHOT -> call.reply(snapshot());
    }
  }

  private void init(Call call, String type) {
    if (!List.of("int", "long", "double").contains(type)) {
      throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "element type must be int, long or double");
    }
    if (elementType != null && !elementType.equals(type)) {
      throw new OpException(
          ErrorCode.ILLEGAL_STATE, this + " holds " + elementType + " elements, not " + type);
    }
    if (elementType == null) {
      // the storage first: if it cannot be allocated, the array still has no element type
      if (type.equals("double")) {
        floating = new double[length];
      } else {
        integral = new long[length];
      }
      elementType = type;
    }
    call.reply(null);
  }

  private boolean floating() {
    return elementType.equals("double");
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
      floating[index] = value.doubleValue();
    } else {
      integral[index] = elementType.equals("int") ? value.intValue() : value.longValue();
    }
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
}
