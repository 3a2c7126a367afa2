package io.jmanager.server;

import io.jmanager.protocol.NamespaceOp;
import io.jmanager.protocol.ObjectType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shared namespace, Python's Namespace: attribute names to serialized values, counted against the
 * server's memory budget.
 */
final class NamespaceObject extends SharedObject {
  /** Heap an attribute takes beyond its name and value: its entry in the map. */
  private static final long ENTRY_BYTES = 48;

  private final Map<String, byte[]> attributes = new LinkedHashMap<>();

  NamespaceObject(long id, String name) {
    super(id, name);
  }

  @Override
  ObjectType type() {
    return ObjectType.NAMESPACE;
  }

  @Override
  List<Waiters<?>> waiters() {
    return List.of();
  }

  @Override
  void applyLocked(Call call) {
    NamespaceOp op = (NamespaceOp) call.op();
    switch (op) {
      case GET -> call.reply(attributes.get(call.string(0)));
      case SET -> set(call, call.string(0), call.bytes(1));
      case DELETE -> call.reply(remove(call.string(0)));
      case CONTAINS -> call.reply(attributes.containsKey(call.string(0)));
      case NAMES -> call.reply(new ArrayList<Object>(attributes.keySet()));
    }
  }

  private static long size(String attribute, byte[] value) {
    return ENTRY_BYTES + MemoryBudget.of(attribute) + MemoryBudget.of(value);
  }

  private void set(Call call, String attribute, byte[] value) {
    byte[] previous = attributes.get(attribute);
    resize(previous == null ? 0 : size(attribute, previous), size(attribute, value), call);
    try {
      attributes.put(attribute, value);
    } catch (OutOfMemoryError e) {
      // only a new attribute allocates, and a HashMap adds it before growing its table: take it
      // out again, so that a set that fails changes nothing
      attributes.remove(attribute);
      throw e;
    }
    call.reply(null);
  }

  private boolean remove(String attribute) {
    byte[] previous = attributes.remove(attribute);
    if (previous != null) {
      shrink(size(attribute, previous));
    }
    return previous != null;
  }

  @Override
  void writeState(SnapshotWriter out) throws IOException {
    out.writeInt(attributes.size());
    for (Map.Entry<String, byte[]> attribute : attributes.entrySet()) {
      out.writeString(attribute.getKey());
      out.writeBytes(attribute.getValue());
    }
  }

  @Override
  void readState(SnapshotReader in) throws IOException {
    int count = in.readCount("the attributes");
    for (int i = 0; i < count; i++) {
      attributes.put(in.readString("an attribute's name"), in.readBytes("an attribute's value"));
    }
  }
}
