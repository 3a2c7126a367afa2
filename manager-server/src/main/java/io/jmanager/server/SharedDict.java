package io.jmanager.server;

import io.jmanager.protocol.DictOp;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A shared dict: serialized keys to serialized values, in insertion order like Python's dict. */
final class SharedDict extends SharedObject {
  private final BytesMap entries = new BytesMap();

  SharedDict(long id, String name) {
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
      case PUT -> call.reply(entries.put(key(call), call.bytes(1)));
      case PUT_IF_ABSENT -> call.reply(entries.putIfAbsent(key(call), call.bytes(1)));
      case REPLACE -> call.reply(entries.replace(key(call), call.bytes(1)));
      case REPLACE_IF_EQUAL -> call.reply(replaceIfEqual(key(call), call.bytes(1), call.bytes(2)));
      case REMOVE -> call.reply(entries.remove(key(call)));
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

  private boolean replaceIfEqual(byte[] key, byte[] expected, byte[] value) {
    byte[] current = entries.get(key);
    if (current == null || !Arrays.equals(current, expected)) {
      return false;
    }
    entries.put(key, value);
    return true;
  }

  private boolean removeIfEqual(byte[] key, byte[] expected) {
    byte[] current = entries.get(key);
    if (current == null || !Arrays.equals(current, expected)) {
      return false;
    }
    entries.remove(key);
    return true;
  }

  private boolean containsValue(byte[] value) {
    return entries.containsValue(value);
  }

  private void clear(Call call) {
    entries.clear();
    call.reply(null);
  }

  private void putAll(Call call) {
    List<byte[]> pairs = call.byteList(0);
    if (pairs.size() % 2 != 0) {
      throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "PUT_ALL needs key, value pairs");
    }
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
}
