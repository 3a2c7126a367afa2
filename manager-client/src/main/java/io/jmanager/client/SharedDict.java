package io.jmanager.client;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * <h2>Errors</h2>
 *
 * <p>Besides what {@link ConcurrentMap} promises, {@link #name()} and {@link #async()} are answered
 * locally and throw nothing; every other method calls the server and may throw {@link
 * ManagerException} when the connection is lost, {@link ManagerTimeoutException} when the server
 * does not answer within the call timeout, {@link IllegalArgumentException} when a request is over
 * the server's frame limit (nothing is sent), and {@link IllegalStateException} once the object has
 * been deleted ({@link Manager#delete}). A key or value to store, or one read back, whose class is
 * not registered in this JVM throws {@link SerializationException}; a lookup with one finds nothing
 * instead. A call that would grow the object past the server's memory budget throws {@link
 * MemoryLimitException}, and one whose answer is over the server's reply limit {@link
 * TooLargeException}. After a lost connection or a timeout the call may or may not have been
 * applied; the other errors apply nothing. Opening it ({@link Manager#dict}) throws {@link
 * WrongTypeException} when the name holds another type of object.
 *
 * @param <K> key type, registered with the manager's Kryo unless built in
 * @param <V> value type, likewise
 */
public interface SharedDict<K, V> extends ConcurrentMap<K, V> {
  /** The name this dict is shared under. */
  String name();

  /**
   * The asynchronous form of this dict's operations: each sends one request and returns at once,
   * pipelined with every other call on the manager's connection. See {@link Async}.
   */
  Async<K, V> async();

  /**
   * Every operation of a shared dict as a future, for pipelining many calls from one thread. The
   * futures complete on the manager's completion executor ({@link Manager.Builder#asyncExecutor});
   * they fail with the exceptions the synchronous methods throw, and cannot be cancelled (the call
   * is on the server already). Arguments are checked and serialized before the call returns, so a
   * null or an unregistered class throws at once. While the manager's {@link
   * Manager.Builder#maxInFlight} calls are unanswered, a new call waits for one to be answered.
   *
   * <h2>Errors</h2>
   *
   * <p>A future fails with the exception its synchronous twin throws (see {@link SharedDict}); a
   * null or unregistered argument, or a request over the server's frame limit, throws at once, and
   * nothing is sent.
   */
  interface Async<K, V> {
    /** {@link Map#get}. */
    CompletableFuture<V> get(Object key);

    /** {@link Map#put}. */
    CompletableFuture<V> put(K key, V value);

    /** {@link Map#putIfAbsent}. */
    CompletableFuture<V> putIfAbsent(K key, V value);

    /** {@link Map#replace(Object, Object)}. */
    CompletableFuture<V> replace(K key, V value);

    /** {@link Map#replace(Object, Object, Object)}. */
    CompletableFuture<Boolean> replace(K key, V oldValue, V newValue);

    /** {@link Map#remove(Object)}. */
    CompletableFuture<V> remove(Object key);

    /** {@link Map#remove(Object, Object)}. */
    CompletableFuture<Boolean> remove(Object key, Object value);

    /** {@link Map#containsKey}. */
    CompletableFuture<Boolean> containsKey(Object key);

    /** {@link Map#containsValue}. */
    CompletableFuture<Boolean> containsValue(Object value);

    /** {@link Map#size}. */
    CompletableFuture<Integer> size();

    /** {@link Map#putAll}, in one request. */
    CompletableFuture<Void> putAll(Map<? extends K, ? extends V> map);

    /** {@link Map#clear}. */
    CompletableFuture<Void> clear();

    /** A copy of every entry, taken in one request, in the dict's order. */
    CompletableFuture<Map<K, V>> snapshot();
  }
}
