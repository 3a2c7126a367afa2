package io.jmanager.server;

import io.jmanager.protocol.NamespaceOp;
import io.jmanager.protocol.ObjectType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A shared namespace, Python's Namespace: attribute names to serialized values. */
final class SharedNamespace extends SharedObject {
  private final Map<String, byte[]> attributes = new LinkedHashMap<>();

  SharedNamespace(long id, String name) {
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
      case DELETE -> call.reply(attributes.remove(call.string(0)) != null);
      case CONTAINS -> call.reply(attributes.containsKey(call.string(0)));
      case NAMES -> call.reply(new ArrayList<Object>(attributes.keySet()));
    }
  }

  private void set(Call call, String attribute, byte[] value) {
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
}
