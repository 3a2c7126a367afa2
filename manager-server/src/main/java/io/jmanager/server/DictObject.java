package io.jmanager.server;

import io.jmanager.protocol.DictOp;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A shared dict: serialized keys to serialized values, in insertion order like Python's dict. Its
 * entries count against the server's memory budget: a new entry whole, a replaced value by how much
 * it grows.
 */
final class DictObject extends SharedObject {
  /** Heap an entry takes beyond its key and value: its hash, its array slots, its table slots. */
  private static final long ENTRY_BYTES = 24;

  private final BytesMap entries = new BytesMap();

  DictObject(long id, String name) {
    super(id, name);
  }

  @Override
  ObjectType type() {
    return ObjectType.DICT;
  }

  @Override
  List<Waiters<?>> waiters() {
    return List.of();
  }

  @Override
  void applyLocked(Call call) {
    DictOp op = (DictOp) call.op();
    switch (op) {
      case GET -> call.reply(entries.get(key(call)));
      case PUT -> call.reply(put(call, key(call), call.bytes(1)));
      case PUT_IF_ABSENT -> call.reply(putIfAbsent(call, key(call), call.bytes(1)));
      case REPLACE -> call.reply(replace(call, key(call), call.bytes(1)));
      case REPLACE_IF_EQUAL ->
          call.reply(replaceIfEqual(call, key(call), call.bytes(1), call.bytes(2)));
      case REMOVE -> call.reply(remove(key(call)));
      case REMOVE_IF_EQUAL -> call.reply(removeIfEqual(key(call), call.bytes(1)));
      case CONTAINS_KEY -> call.reply(entries.containsKey(key(call)));
      case CONTAINS_VALUE -> call.reply(containsValue(call.bytes(0)));
      case SIZE -> call.reply(entries.size());
      case CLEAR -> clear(call);
      case PUT_ALL -> putAll(call);
      case ENTRIES -> call.reply(snapshot(true, true));
      case KEYS -> call.reply(snapshot(true, false));
      case VALUES -> call.reply(snapshot(false, true));
    }
  }

  private static byte[] key(Call call) {
    return call.bytes(0);
  }

  private static long size(byte[] key, byte[] value) {
    return value == null ? 0 : ENTRY_BYTES + MemoryBudget.of(key) + MemoryBudget.of(value);
  }

  /** Maps {@code key} to {@code value}, counting the change first; returns the value replaced. */
  private byte[] put(Call call, byte[] key, byte[] value) {
    byte[] previous = entries.get(key);
    resize(size(key, previous), size(key, value), call);
    entries.put(key, value);
    return previous;
  }

  private byte[] putIfAbsent(Call call, byte[] key, byte[] value) {
    byte[] current = entries.get(key);
    return current != null ? current : put(call, key, value);
  }

  private byte[] replace(Call call, byte[] key, byte[] value) {
    return entries.containsKey(key) ? put(call, key, value) : null;
  }

  private boolean replaceIfEqual(Call call, byte[] key, byte[] expected, byte[] value) {
    byte[] current = entries.get(key);
    if (current == null || !Arrays.equals(current, expected)) {
      return false;
    }
    put(call, key, value);
    return true;
  }

  private byte[] remove(byte[] key) {
    byte[] previous = entries.remove(key);
    shrink(size(key, previous));
    return previous;
  }

  private boolean removeIfEqual(byte[] key, byte[] expected) {
    byte[] current = entries.get(key);
    if (current == null || !Arrays.equals(current, expected)) {
      return false;
    }
    remove(key);
    return true;
  }

  private boolean containsValue(byte[] value) {
    return entries.containsValue(value);
  }

  private void clear(Call call) {
    long[] total = {0};
    entries.forEach((key, value) -> total[0] += size(key, value));
    entries.clear();
    shrink(total[0]);
    call.reply(null);
  }

  private void putAll(Call call) {
    List<byte[]> pairs = call.byteList(0);
    if (pairs.size() % 2 != 0) {
      throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "PUT_ALL needs key, value pairs");
    }
    long[] change = {0};
    Map<Bytes, byte[]> last = new HashMap<>();
    for (int i = 0; i < pairs.size(); i += 2) {
      last.put(new Bytes(pairs.get(i)), pairs.get(i + 1));
    }
    last.forEach(
        (key, value) ->
            change[0] += size(key.data(), value) - size(key.data(), entries.get(key.data())));
    resize(0, change[0], call);
    entries.putAll(pairs);
    call.reply(null);
  }

  private ArrayList<Object> snapshot(boolean keys, boolean values) {
    ArrayList<Object> out = new ArrayList<>(entries.size() * (keys && values ? 2 : 1));
    entries.forEach(
        (key, value) -> {
          if (keys) {
            out.add(key);
          }
          if (values) {
            out.add(value);
          }
        });
    return out;
  }

  @Override
  void writeState(SnapshotWriter out) throws IOException {
    List<byte[]> pairs = new ArrayList<>(entries.size() * 2);
    entries.forEach(
        (key, value) -> {
          pairs.add(key);
          pairs.add(value);
        });
    out.writeByteList(pairs);
  }

  @Override
  void readState(SnapshotReader in) throws IOException {
    List<byte[]> pairs = in.readByteList("the entries");
    if (pairs.size() % 2 != 0) {
      throw in.corrupted("the entries are not key, value pairs");
    }
    entries.putAll(pairs);
  }
}
