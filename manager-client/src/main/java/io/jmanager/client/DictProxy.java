package io.jmanager.client;

import io.jmanager.protocol.DictOp;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of a shared dict: every method is one call to the server. Each op that has an
 * asynchronous form too is prepared once, in {@link Ops}.
 */
final class DictProxy<K, V> extends AbstractMap<K, V> implements SharedDict<K, V>, Reopenable {
  private final Remote remote;
  private final Ops ops = new Ops();
  private final Set<Map.Entry<K, V>> entries = new Entries();
  private final Async<K, V> async = new AsyncDict();

  DictProxy(Remote remote) {
    this.remote = remote;
  }

  @Override
  public ProxyReference reference() {
    return remote.reference();
  }

  @Override
  public String name() {
    return remote.name();
  }

  @Override
  public int size() {
    return ops.size().call();
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public boolean containsKey(Object key) {
    return ops.containsKey(key).call();
  }

  @Override
  public boolean containsValue(Object value) {
    return ops.containsValue(value).call();
  }

  @Override
  public V get(Object key) {
    return ops.get(key).call();
  }

  @Override
  public V put(K key, V value) {
    return ops.put(key, value).call();
  }

  @Override
  public V remove(Object key) {
    return ops.remove(key).call();
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    ops.putAll(map).call();
  }

  @Override
  public void clear() {
    ops.clear().call();
  }

  @Override
  public V putIfAbsent(K key, V value) {
    return ops.putIfAbsent(key, value).call();
  }

  @Override
  public boolean remove(Object key, Object value) {
    return ops.remove(key, value).call();
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    return ops.replace(key, oldValue, newValue).call();
  }

  @Override
  public V replace(K key, V value) {
    return ops.replace(key, value).call();
  }

  @Override
  public V getOrDefault(Object key, V defaultValue) {
    V value = get(Objects.requireNonNull(key, "null keys are not allowed"));
    return value == null ? defaultValue : value;
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return entries;
  }

  @Override
  public Async<K, V> async() {
    return async;
  }

  /** The request of each op that has both call styles, ready to be sent either way. */
  private final class Ops {
    Remote.Prepared<Integer> size() {
      return remote.prepare(DictOp.SIZE, Remote.INTEGER);
    }

    Remote.Prepared<Boolean> containsKey(Object key) {
      return remote.query(DictOp.CONTAINS_KEY, Remote.BOOLEAN, false, key);
    }

    Remote.Prepared<Boolean> containsValue(Object value) {
      return remote.query(DictOp.CONTAINS_VALUE, Remote.BOOLEAN, false, value);
    }

    Remote.Prepared<V> get(Object key) {
      return remote.query(DictOp.GET, remote.value(), null, key);
    }

    Remote.Prepared<V> put(K key, V value) {
      return remote.prepare(DictOp.PUT, remote.value(), remote.encode(key), remote.encode(value));
    }

    Remote.Prepared<V> putIfAbsent(K key, V value) {
      return remote.prepare(
          DictOp.PUT_IF_ABSENT, remote.value(), remote.encode(key), remote.encode(value));
    }

    Remote.Prepared<V> replace(K key, V value) {
      return remote.prepare(
          DictOp.REPLACE, remote.value(), remote.encode(key), remote.encode(value));
    }

    Remote.Prepared<Boolean> replace(K key, V oldValue, V newValue) {
      byte[] keyBytes = remote.encode(key);
      byte[] newBytes = remote.encode(newValue);
      byte[] oldBytes = remote.encodeQuery(oldValue);
      return oldBytes == null
          ? remote.answered(false)
          : remote.prepare(DictOp.REPLACE_IF_EQUAL, Remote.BOOLEAN, keyBytes, oldBytes, newBytes);
    }

    Remote.Prepared<V> remove(Object key) {
      return remote.query(DictOp.REMOVE, remote.value(), null, key);
    }

    Remote.Prepared<Boolean> remove(Object key, Object value) {
      byte[] keyBytes = remote.encodeQuery(key);
      byte[] valueBytes = remote.encodeQuery(value);
      return keyBytes == null || valueBytes == null
          ? remote.answered(false)
          : remote.prepare(DictOp.REMOVE_IF_EQUAL, Remote.BOOLEAN, keyBytes, valueBytes);
    }

    Remote.Prepared<Void> putAll(Map<? extends K, ? extends V> map) {
      ArrayList<Object> pairs = new ArrayList<>(map.size() * 2);
      map.forEach(
          (key, value) -> {
            pairs.add(remote.encode(key));
            pairs.add(remote.encode(value));
          });
      return remote.prepare(DictOp.PUT_ALL, Remote.NOTHING, pairs);
    }

    Remote.Prepared<Void> clear() {
      return remote.prepare(DictOp.CLEAR, Remote.NOTHING);
    }
  }

  /** The asynchronous operations, each one request like their synchronous twins. */
  private final class AsyncDict implements Async<K, V> {
    @Override
    public CompletableFuture<V> get(Object key) {
      return ops.get(key).async();
    }

    @Override
    public CompletableFuture<V> put(K key, V value) {
      return ops.put(key, value).async();
    }

    @Override
    public CompletableFuture<V> putIfAbsent(K key, V value) {
      return ops.putIfAbsent(key, value).async();
    }

    @Override
    public CompletableFuture<V> replace(K key, V value) {
      return ops.replace(key, value).async();
    }

    @Override
    public CompletableFuture<Boolean> replace(K key, V oldValue, V newValue) {
      return ops.replace(key, oldValue, newValue).async();
    }

    @Override
    public CompletableFuture<V> remove(Object key) {
      return ops.remove(key).async();
    }

    @Override
    public CompletableFuture<Boolean> remove(Object key, Object value) {
      return ops.remove(key, value).async();
    }

    @Override
    public CompletableFuture<Boolean> containsKey(Object key) {
      return ops.containsKey(key).async();
    }

    @Override
    public CompletableFuture<Boolean> containsValue(Object value) {
      return ops.containsValue(value).async();
    }

    @Override
    public CompletableFuture<Integer> size() {
      return ops.size().async();
    }

    @Override
    public CompletableFuture<Void> putAll(Map<? extends K, ? extends V> map) {
      return ops.putAll(map).async();
    }

    @Override
    public CompletableFuture<Void> clear() {
      return ops.clear().async();
    }

    @Override
    public CompletableFuture<Map<K, V>> snapshot() {
      return remote.prepare(DictOp.ENTRIES, DictProxy.this::copyOf).async();
    }
  }

  /** The entries of a reply that lists keys and values in turn, in its order. */
  @SuppressWarnings("unchecked")
  private Map<K, V> copyOf(Object reply) {
    List<Object> pairs = remote.decodeAll(reply);
    Map<K, V> copy = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      copy.put((K) pairs.get(i), (V) pairs.get(i + 1));
    }
    return copy;
  }

  /** A live view whose iterator walks a snapshot taken in one call. */
  private final class Entries extends AbstractSet<Map.Entry<K, V>> {
    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
      List<Object> pairs = remote.decodeAll(remote.call(DictOp.ENTRIES));
      return new Iterator<>() {
        private int next;
        private K last;

        @Override
        public boolean hasNext() {
          return next < pairs.size();
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map.Entry<K, V> next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          last = (K) pairs.get(next);
          V value = (V) pairs.get(next + 1);
          next += 2;
          return new Entry(last, value);
        }

        @Override
        public void remove() {
          if (last == null) {
            throw new IllegalStateException("next() first");
          }
          DictProxy.this.remove(last);
          last = null;
        }
      };
    }

    @Override
    public int size() {
      return DictProxy.this.size();
    }

    @Override
    public boolean contains(Object o) {
      if (!(o instanceof Map.Entry<?, ?> entry) || entry.getKey() == null) {
        return false;
      }
      Object value = get(entry.getKey());
      return value != null && value.equals(entry.getValue());
    }

    @Override
    public boolean remove(Object o) {
      return o instanceof Map.Entry<?, ?> entry
          && entry.getKey() != null
          && entry.getValue() != null
          && DictProxy.this.remove(entry.getKey(), entry.getValue());
    }

    @Override
    public void clear() {
      DictProxy.this.clear();
    }
  }

  /** An entry of a snapshot; {@code setValue} writes through with put. */
  private final class Entry extends SimpleEntry<K, V> {
    private static final long serialVersionUID = 1L;

    Entry(K key, V value) {
      super(key, value);
    }

    @Override
    public V setValue(V value) {
      put(getKey(), value);
      return super.setValue(value);
    }
  }
}
