package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The items of a queue, head first, each with the id it got when it first entered the queue, so an
 * iterator can remove exactly the item it returned even when equal ones are queued. Two rings side
 * by side, one of items and one of ids: 8 bytes per item more than an {@code ArrayDeque}, and no
 * object per item. An item that comes back to the head keeps its id. It also keeps the heap its
 * items take, as the memory budget counts it ({@link #bytesOf}). Used under the owning queue's
 * lock.
 */
final class QueueItems {
  /** Heap an item takes beyond its value: its slots in the two rings. */
  private static final long ITEM_BYTES = 16;

  private static final int INITIAL_CAPACITY = 16;
  private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

  private byte[][] values = new byte[INITIAL_CAPACITY][];
  private long[] ids = new long[INITIAL_CAPACITY];
  private int head;
  private int size;
  private long lastId;
  private long bytes;

  /** Heap an item takes in a queue, as the memory budget counts it. */
  static long bytesOf(byte[] value) {
    return ITEM_BYTES + MemoryBudget.of(value);
  }

  /** Heap the items take, as the memory budget counts it. */
  long bytes() {
    return bytes;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** A new id, never given before. */
  long newId() {
    return ++lastId;
  }

  /** Appends an item under a new id. */
  void addLast(byte[] value) {
    growFor(1);
    put(size, value, newId());
  }

  /** Appends items under new ids: all of them, or none when memory runs out. */
  void addAllLast(List<byte[]> added) {
    growFor(added.size());
    for (byte[] value : added) {
      put(size, value, newId());
    }
  }

  /** Puts items back at the head, in order, under the ids given: all of them or none. */
  void addAllFirst(Collection<byte[]> returned, long[] returnedIds) {
    growFor(returned.size());
    head = slot(values.length - returned.size());
    int index = 0;
    for (byte[] value : returned) {
      put(index, value, returnedIds[index]);
      index++;
    }
  }

  private void put(int index, byte[] value, long id) {
    int slot = slot(index);
    values[slot] = value;
    ids[slot] = id;
    size++;
    bytes += bytesOf(value);
  }

  /** The head item, or null when empty. */
  byte[] peekFirst() {
    return size == 0 ? null : values[head];
  }

  /** The head item's id; only when not empty. */
  long firstId() {
    return ids[head];
  }

  /** Removes and returns the head item, or null when empty. */
  byte[] pollFirst() {
    if (size == 0) {
      return null;
    }
    byte[] value = values[head];
    values[head] = null;
    head = slot(1);
    size--;
    bytes -= bytesOf(value);
    return value;
  }

  /** Whether some item is accepted by {@code which}. */
  boolean anyMatch(Predicate<byte[]> which) {
    for (int i = 0; i < size; i++) {
      if (which.test(values[slot(i)])) {
        return true;
      }
    }
    return false;
  }

  /** Removes the item with this id; whether it was here. */
  boolean removeId(long id) {
    for (int i = 0; i < size; i++) {
      if (ids[slot(i)] == id) {
        removeAt(i);
        return true;
      }
    }
    return false;
  }

  /** Removes the first item {@code which} accepts; whether there was one. */
  boolean removeFirst(Predicate<byte[]> which) {
    for (int i = 0; i < size; i++) {
      if (which.test(values[slot(i)])) {
        removeAt(i);
        return true;
      }
    }
    return false;
  }

  /** Removes every item {@code which} accepts, keeping the others in order; whether any. */
  boolean removeIf(Predicate<byte[]> which) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      int from = slot(i);
      if (which.test(values[from])) {
        bytes -= bytesOf(values[from]);
      } else {
        int to = slot(kept++);
        values[to] = values[from];
        ids[to] = ids[from];
      }
    }
    boolean any = kept < size;
    for (int i = kept; i < size; i++) {
      values[slot(i)] = null;
    }
    size = kept;
    return any;
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      values[slot(i)] = null;
    }
    head = 0;
    size = 0;
    bytes = 0;
  }

  /** Every item, head first. */
  ArrayList<Object> values() {
    ArrayList<Object> all = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      all.add(values[slot(i)]);
    }
    return all;
  }

  /** Every item, head first, each after its id: id, item, id, item, ... */
  ArrayList<Object> idsAndValues() {
    ArrayList<Object> all = new ArrayList<>(size * 2);
    for (int i = 0; i < size; i++) {
      all.add(ids[slot(i)]);
      all.add(values[slot(i)]);
    }
    return all;
  }

  /** The item at position {@code index} from the head. */
  byte[] get(int index) {
    return values[slot(index)];
  }

  /** The id of the item at position {@code index} from the head. */
  long idAt(int index) {
    return ids[slot(index)];
  }

  /** Removes the item at position {@code index}, closing the gap from the nearer end. */
  private void removeAt(int index) {
    bytes -= bytesOf(values[slot(index)]);
    if (index < size / 2) {
      for (int i = index; i > 0; i--) {
        move(i - 1, i);
      }
      values[head] = null;
      head = slot(1);
    } else {
      for (int i = index; i < size - 1; i++) {
        move(i + 1, i);
      }
      values[slot(size - 1)] = null;
    }
    size--;
  }

  private void move(int from, int to) {
    values[slot(to)] = values[slot(from)];
    ids[slot(to)] = ids[slot(from)];
  }

  /**
   * Makes room for {@code more} items, allocating before it changes anything, so that running out
   * of memory leaves the items as they were.
   */
  private void growFor(int more) {
    long needed = (long) size + more;
    if (needed <= values.length) {
      return;
    }
    if (needed > MAX_CAPACITY) {
      throw new OpException(
          ErrorCode.ILLEGAL_STATE, "Queue full: a queue holds at most " + MAX_CAPACITY + " items");
    }
    // as ArrayDeque grows: double while small, then by half, so a long queue wastes little
    long grown = values.length + (values.length < 64 ? values.length + 2 : values.length >> 1);
    int capacity = (int) Math.min(MAX_CAPACITY, Math.max(grown, needed));
    byte[][] grownValues = new byte[capacity][];
    long[] grownIds = new long[capacity];
    for (int i = 0; i < size; i++) {
      grownValues[i] = values[slot(i)];
      grownIds[i] = ids[slot(i)];
    }
    values = grownValues;
    ids = grownIds;
    head = 0;
  }

  /** The array index of position {@code index} from the head. */
  private int slot(int index) {
    int slot = head + index;
    return slot - values.length >= 0 ? slot - values.length : slot;
  }

  /** The last id given, then every item, head first, after its id. */
  void writeState(SnapshotWriter out) throws IOException {
    out.writeLong(lastId);
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeLong(ids[slot(i)]);
      out.writeBytes(values[slot(i)]);
    }
  }

  /** Reads back, into these empty items, what {@link #writeState} wrote. */
  void readState(SnapshotReader in) throws IOException {
    lastId = in.readLong("the last item id");
    int count = in.readCount("the items");
    for (int i = 0; i < count; i++) {
      long id = in.readLong("an item's id");
      byte[] value = in.readBytes("an item");
      growFor(1);
      put(size, value, id);
    }
  }
}
