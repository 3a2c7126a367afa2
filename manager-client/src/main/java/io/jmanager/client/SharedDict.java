package io.jmanager.client;

import java.util.concurrent.ConcurrentMap;

/**
 * A dict shared by every JVM connected to the server, like a Python Manager's {@code dict()}. Each
 * method is one call to the server. {@code putIfAbsent}, {@code replace(k, old, new)} and {@code
 * remove(k, v)} are atomic on the server, so {@code compute}, {@code merge} and {@code
 * computeIfAbsent} are atomic across JVMs (they retry, and may run their function more than once).
 *
 * <p>Keys compare by their serialized bytes, so keys need a deterministic serialized form: strings,
 * numbers, enums, records of those; not hash-based collections. Null keys and values are rejected
 * with {@link NullPointerException}. Entries keep insertion order. Iterators and {@code toArray}
 * work on a snapshot taken in one round trip; removing through an iterator writes through.
 *
 * @param <K> key type, registered with the manager's Kryo unless built in
 * @param <V> value type, likewise
 */
public interface SharedDict<K, V> extends ConcurrentMap<K, V> {
  /** The name this dict is shared under. */
  String name();
}
