package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.ValueOp;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** A shared value, Python's Value: one serialized value, with atomic compare-and-set and add. */
final class ValueObject extends SharedObject {
  private final Numbers numbers = new Numbers();
  private byte[] value;

  ValueObject(long id, String name) {
    super(id, name);
  }

  @Override
  ObjectType type() {
    return ObjectType.VALUE;
  }

  @Override
  List<Waiters<?>> waiters() {
    return List.of();
  }

  @Override
  void applyLocked(Call call) {
    ValueOp op = (ValueOp) call.op();
    switch (op) {
      case GET -> call.reply(value);
      case SET -> set(call, call.bytes(0));
      case INIT -> set(call, value == null ? call.bytes(0) : value);
      case GET_AND_SET -> call.reply(swap(call, call.bytes(0)));
      case COMPARE_AND_SET -> call.reply(compareAndSet(call, call.bytes(0), call.bytes(1)));
      case ADD_AND_GET -> call.reply(add(call, call.bytes(0)));
    }
  }

  private void set(Call call, byte[] replacement) {
    swap(call, replacement);
    call.reply(null);
  }

  /** Replaces the value, counting the change against the memory budget first. */
  private byte[] swap(Call call, byte[] replacement) {
    resize(value == null ? 0 : MemoryBudget.of(value), MemoryBudget.of(replacement), call);
    byte[] previous = value;
    value = replacement;
    return previous;
  }

  private boolean compareAndSet(Call call, byte[] expected, byte[] replacement) {
    if (!Arrays.equals(value, expected)) {
      return false;
    }
    swap(call, replacement);
    return true;
  }

  private byte[] add(Call call, byte[] delta) {
    if (value == null) {
      throw new OpException(ErrorCode.ILLEGAL_STATE, this + " has no value yet");
    }
    swap(call, numbers.add(value, delta));
    return value;
  }

  @Override
  void writeState(SnapshotWriter out) throws IOException {
    out.writeNullableBytes(value);
  }

  @Override
  void readState(SnapshotReader in) throws IOException {
    value = in.readNullableBytes("the value");
  }
}
