package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ListOp;
import io.jmanager.protocol.ObjectType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A shared list of serialized elements; elements are equal when their bytes are. */
final class SharedList extends SharedObject {
  private List<Bytes> elements = new ArrayList<>();

  SharedList(long id, String name) {
    super(id, name);
  }

  @Override
  ObjectType type() {
    return ObjectType.LIST;
  }

  @Override
  List<Waiters<?>> waiters() {
    return List.of();
  }

  @Override
  void applyLocked(Call call) {
    ListOp op = (ListOp) call.op();
    switch (op) {
      case SIZE -> call.reply(elements.size());
      case GET -> call.reply(elements.get(index(call, 0, elements.size())).data());
      case SET ->
          call.reply(elements.set(index(call, 0, elements.size()), element(call, 1)).data());
      case ADD -> append(call);
      case ADD_AT -> insert(call);
      case ADD_ALL -> call.reply(elements.addAll(wrap(call.byteList(0))));
      case ADD_ALL_AT -> call.reply(addAllAt(call));
      case REMOVE_AT -> call.reply(elements.remove(index(call, 0, elements.size())).data());
      case REMOVE -> call.reply(elements.remove(element(call, 0)));
      case REMOVE_ALL -> call.reply(elements.removeAll(set(call)));
      case RETAIN_ALL -> call.reply(elements.retainAll(set(call)));
      case REMOVE_RANGE -> removeRange(call);
      case INDEX_OF -> call.reply(elements.indexOf(element(call, 0)));
      case LAST_INDEX_OF -> call.reply(elements.lastIndexOf(element(call, 0)));
      case CONTAINS -> call.reply(elements.contains(element(call, 0)));
      case CONTAINS_ALL -> call.reply(elements.containsAll(set(call)));
      case CLEAR -> clear(call);
      case SNAPSHOT -> call.reply(unwrap(elements));
      case SNAPSHOT_RANGE -> call.reply(unwrap(range(call)));
      case COMPARE_AND_SET_ALL -> call.reply(compareAndSetAll(call));
    }
  }

  private void append(Call call) {
    elements.add(element(call, 0));
    call.reply(null);
  }

  private void clear(Call call) {
    elements.clear();
    call.reply(null);
  }

  private static Bytes element(Call call, int index) {
    return new Bytes(call.bytes(index));
  }

  /** Argument {@code arg} as an index in [0, bound); otherwise INDEX_OUT_OF_BOUNDS. */
  private int index(Call call, int arg, int bound) {
    int index = call.intArg(arg);
    if (index < 0 || index >= bound) {
      throw new OpException(
          ErrorCode.INDEX_OUT_OF_BOUNDS, "Index: " + index + ", Size: " + elements.size());
    }
    return index;
  }

  private void insert(Call call) {
    elements.add(index(call, 0, elements.size() + 1), element(call, 1));
    call.reply(null);
  }

  private boolean addAllAt(Call call) {
    int at = index(call, 0, elements.size() + 1);
    return elements.addAll(at, wrap(call.byteList(1)));
  }

  private List<Bytes> range(Call call) {
    int from = call.intArg(0);
    int to = call.intArg(1);
    if (from < 0 || to > elements.size() || from > to) {
      throw new OpException(
          ErrorCode.INDEX_OUT_OF_BOUNDS,
          "fromIndex: " + from + ", toIndex: " + to + ", Size: " + elements.size());
    }
    return elements.subList(from, to);
  }

  private void removeRange(Call call) {
    range(call).clear();
    call.reply(null);
  }

  private boolean compareAndSetAll(Call call) {
    List<Bytes> expected = wrap(call.byteList(0));
    List<Bytes> replacement = wrap(call.byteList(1));
    if (!elements.equals(expected)) {
      return false;
    }
    // a swap, not clear and addAll: addAll allocates, and running out of memory there would
    // leave the list empty
    elements = replacement;
    return true;
  }

  private static Set<Bytes> set(Call call) {
    return new HashSet<>(wrap(call.byteList(0)));
  }

  private static List<Bytes> wrap(List<byte[]> values) {
    List<Bytes> wrapped = new ArrayList<>(values.size());
    values.forEach(value -> wrapped.add(new Bytes(value)));
    return wrapped;
  }

  private static ArrayList<Object> unwrap(List<Bytes> values) {
    ArrayList<Object> out = new ArrayList<>(values.size());
    values.forEach(value -> out.add(value.data()));
    return out;
  }
}
