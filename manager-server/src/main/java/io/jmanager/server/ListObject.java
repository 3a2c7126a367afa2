package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ListOp;
import io.jmanager.protocol.ObjectType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A shared list of serialized elements; elements are equal when their bytes are. What it holds
 * counts against the server's memory budget: an addition that does not fit is refused unapplied.
 */
final class ListObject extends SharedObject {
  /** Heap an element takes beyond its value: its wrapper and its slot in the list. */
  private static final long ELEMENT_BYTES = 32;

  private List<Bytes> elements = new ArrayList<>();

  ListObject(long id, String name) {
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
      case SET -> call.reply(replace(call).data());
      case ADD -> append(call);
      case ADD_AT -> insert(call);
      case ADD_ALL -> call.reply(addAllAt(call, elements.size(), 0));
      case ADD_ALL_AT -> call.reply(addAllAt(call, index(call, 0, elements.size() + 1), 1));
      case REMOVE_AT -> call.reply(removeAt(index(call, 0, elements.size())).data());
      case REMOVE -> call.reply(remove(element(call, 0)));
      case REMOVE_ALL -> call.reply(removeIf(set(call)::contains));
      case RETAIN_ALL -> call.reply(removeIf(Predicate.not(set(call)::contains)));
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

  private static long size(Bytes element) {
    return ELEMENT_BYTES + MemoryBudget.of(element.data());
  }

  private static long size(List<Bytes> elements) {
    long total = 0;
    for (Bytes element : elements) {
      total += size(element);
    }
    return total;
  }

  private Bytes replace(Call call) {
    int at = index(call, 0, elements.size());
    Bytes replacement = element(call, 1);
    resize(size(elements.get(at)), size(replacement), call);
    return elements.set(at, replacement);
  }

  private void append(Call call) {
    Bytes element = element(call, 0);
    grow(size(element), call);
    elements.add(element);
    call.reply(null);
  }

  private Bytes removeAt(int at) {
    Bytes removed = elements.remove(at);
    shrink(size(removed));
    return removed;
  }

  private boolean remove(Bytes element) {
    int at = elements.indexOf(element);
    if (at < 0) {
      return false;
    }
    removeAt(at);
    return true;
  }

  private boolean removeIf(Predicate<Bytes> which) {
    long[] freed = {0};
    boolean removed =
        elements.removeIf(
            element -> {
              boolean drop = which.test(element);
              if (drop) {
                freed[0] += size(element);
              }
              return drop;
            });
    shrink(freed[0]);
    return removed;
  }

  private void clear(Call call) {
    shrink(size(elements));
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
    int at = index(call, 0, elements.size() + 1);
    Bytes element = element(call, 1);
    grow(size(element), call);
    elements.add(at, element);
    call.reply(null);
  }

  /** Inserts the values of argument {@code arg} at {@code at}. */
  private boolean addAllAt(Call call, int at, int arg) {
    List<Bytes> added = wrap(call.byteList(arg));
    grow(size(added), call);
    return elements.addAll(at, added);
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
    List<Bytes> range = range(call);
    shrink(size(range));
    range.clear();
    call.reply(null);
  }

  private boolean compareAndSetAll(Call call) {
    List<Bytes> expected = wrap(call.byteList(0));
    List<Bytes> replacement = wrap(call.byteList(1));
    if (!elements.equals(expected)) {
      return false;
    }
    resize(size(elements), size(replacement), call);
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

  @Override
  void writeState(SnapshotWriter out) throws IOException {
    out.writeInt(elements.size());
    for (Bytes element : elements) {
      out.writeBytes(element.data());
    }
  }

  @Override
  void readState(SnapshotReader in) throws IOException {
    elements = wrap(in.readByteList("the elements"));
  }
}
