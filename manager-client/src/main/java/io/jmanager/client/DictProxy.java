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

/** The client side of a shared dict: every method is one call to the server. */
final class DictProxy<K, V> extends AbstractMap<K, V> implements SharedDict<K, V> {
  private final Remote remote;
  private final Set<Map.Entry<K, V>> entries = new Entries();
  private final Async<K, V> async = new AsyncDict();

  DictProxy(Connection connection, long id, String name) {
    this.remote = new Remote(connection, id, name);
  }

  @Override
  public String name() {
    return remote.name();
  }

  @Override
  public int size() {
    return remote.callInt(DictOp.SIZE);
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public boolean containsKey(Object key) {
    byte[] bytes = remote.encodeQuery(key);
    return bytes != null && remote.callBoolean(DictOp.CONTAINS_KEY, bytes);
  }

  @Override
  public boolean containsValue(Object value) {
    byte[] bytes = remote.encodeQuery(value);
    return bytes != null && remote.callBoolean(DictOp.CONTAINS_VALUE, bytes);
  }

  @Override
  public V get(Object key) {
    byte[] bytes = remote.encodeQuery(key);
    return bytes == null ? null : remote.decode(remote.call(DictOp.GET, bytes));
  }

  @Override
  public V put(K key, V value) {
    return remote.decode(remote.call(DictOp.PUT, remote.encode(key), remote.encode(value)));
  }

  @Override
  public V remove(Object key) {
    byte[] bytes = remote.encodeQuery(key);
    return bytes == null ? null : remote.decode(remote.call(DictOp.REMOVE, bytes));
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    remote.call(DictOp.PUT_ALL, encodePairs(map));
  }

  @Override
  public void clear() {
    remote.call(DictOp.CLEAR);
  }

  @Override
  public V putIfAbsent(K key, V value) {
    return remote.decode(
        remote.call(DictOp.PUT_IF_ABSENT, remote.encode(key), remote.encode(value)));
  }

  @Override
  public boolean remove(Object key, Object value) {
    byte[] keyBytes = remote.encodeQuery(key);
    byte[] valueBytes = remote.encodeQuery(value);
    return keyBytes != null
        && valueBytes != null
        && remote.callBoolean(DictOp.REMOVE_IF_EQUAL, keyBytes, valueBytes);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    byte[] keyBytes = remote.encode(key);
    byte[] newBytes = remote.encode(newValue);
    byte[] oldBytes = remote.encodeQuery(oldValue);
    return oldBytes != null
        && remote.callBoolean(DictOp.REPLACE_IF_EQUAL, keyBytes, oldBytes, newBytes);
  }

  @Override
  public V replace(K key, V value) {
    return remote.decode(remote.call(DictOp.REPLACE, remote.encode(key), remote.encode(value)));
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

  private ArrayList<Object> encodePairs(Map<? extends K, ? extends V> map) {
    ArrayList<Object> pairs = new ArrayList<>(map.size() * 2);
    map.forEach(
        (key, value) -> {
          pairs.add(remote.encode(key));
          pairs.add(remote.encode(value));
        });
    return pairs;
  }

  /** The asynchronous operations, each one request like their synchronous twins. */
  private final class AsyncDict implements Async<K, V> {
    @Override
    public CompletableFuture<V> get(Object key) {
      byte[] bytes = remote.encodeQuery(key);
      return bytes == null
          ? remote.answered(null)
          : remote.async(DictOp.GET, remote.value(), bytes);
    }

    @Override
    public CompletableFuture<V> put(K key, V value) {
      return remote.async(DictOp.PUT, remote.value(), remote.encode(key), remote.encode(value));
    }

    @Override
    public CompletableFuture<V> putIfAbsent(K key, V value) {
      return remote.async(
          DictOp.PUT_IF_ABSENT, remote.value(), remote.encode(key), remote.encode(value));
    }

    @Override
    public CompletableFuture<V> replace(K key, V value) {
      return remote.async(DictOp.REPLACE, remote.value(), remote.encode(key), remote.encode(value));
    }

    @Override
    public CompletableFuture<Boolean> replace(K key, V oldValue, V newValue) {
      byte[] keyBytes = remote.encode(key);
      byte[] newBytes = remote.encode(newValue);
      byte[] oldBytes = remote.encodeQuery(oldValue);
      return oldBytes == null
          ? remote.answered(false)
          : remote.async(
              DictOp.REPLACE_IF_EQUAL, Remote.as(Boolean.class), keyBytes, oldBytes, newBytes);
    }

    @Override
    public CompletableFuture<V> remove(Object key) {
      byte[] bytes = remote.encodeQuery(key);
      return bytes == null
          ? remote.answered(null)
          : remote.async(DictOp.REMOVE, remote.value(), bytes);
    }

    @Override
    public CompletableFuture<Boolean> remove(Object key, Object value) {
      byte[] keyBytes = remote.encodeQuery(key);
      byte[] valueBytes = remote.encodeQuery(value);
      return keyBytes == null || valueBytes == null
          ? remote.answered(false)
          : remote.async(DictOp.REMOVE_IF_EQUAL, Remote.as(Boolean.class), keyBytes, valueBytes);
    }

    @Override
    public CompletableFuture<Boolean> containsKey(Object key) {
      byte[] bytes = remote.encodeQuery(key);
      return bytes == null
          ? remote.answered(false)
          : remote.async(DictOp.CONTAINS_KEY, Remote.as(Boolean.class), bytes);
    }

    @Override
    public CompletableFuture<Boolean> containsValue(Object value) {
      byte[] bytes = remote.encodeQuery(value);
      return bytes == null
          ? remote.answered(false)
          : remote.async(DictOp.CONTAINS_VALUE, Remote.as(Boolean.class), bytes);
    }

    @Override
    public CompletableFuture<Integer> size() {
      return remote.async(DictOp.SIZE, Remote.as(Integer.class));
    }

    @Override
    public CompletableFuture<Void> putAll(Map<? extends K, ? extends V> map) {
      return remote.async(DictOp.PUT_ALL, Remote.nothing(), encodePairs(map));
    }

    @Override
    public CompletableFuture<Void> clear() {
      return remote.async(DictOp.CLEAR, Remote.nothing());
    }

    @Override
    public CompletableFuture<Map<K, V>> snapshot() {
      return remote.async(
          DictOp.ENTRIES,
          reply -> {
            List<Object> pairs = remote.decodeAll(reply);
            Map<K, V> copy = new LinkedHashMap<>();
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
              @SuppressWarnings("unchecked")
              K key = (K) pairs.get(i);
              @SuppressWarnings("unchecked")
              V value = (V) pairs.get(i + 1);
              copy.put(key, value);
            }
            return copy;
          });
    }
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
