package io.jmanager.server;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * An insertion-ordered map from serialized keys to serialized values, laid out as CPython lays out
 * a dict: entries are appended to parallel arrays (hash, key, value) in insertion order, and an
 * open-addressing table of entry numbers finds them. Beyond the key and value arrays themselves, an
 * entry costs about 20 bytes, against about 70 for a {@code LinkedHashMap} entry with a key
 * wrapper. Keys are equal when their bytes are; callers must not change arrays they put or get. Not
 * thread-safe: the dict that owns it runs under its lock.
 */
final class BytesMap {
  private static final int EMPTY = 0;
  private static final int REMOVED = -1;
  private static final int MIN_ENTRIES = 8;

  /** Entry number + 1, or EMPTY, or REMOVED; the length is a power of two. */
  private int[] table;

  private int[] hashes;
  private byte[][] keys;
  private byte[][] values;

  /** Entries appended since the last rebuild, removed ones included (their key is null). */
  private int used;

  private int size;

  BytesMap() {
    rebuild(MIN_ENTRIES);
  }

  int size() {
    return size;
  }

  /** The value under {@code key}, or null. */
  byte[] get(byte[] key) {
    int entry = find(key, hash(key));
    return entry < 0 ? null : values[entry];
  }

  boolean containsKey(byte[] key) {
    return find(key, hash(key)) >= 0;
  }

  /** Maps {@code key} to {@code value}; returns the value it replaced, or null. */
  byte[] put(byte[] key, byte[] value) {
    int hash = hash(key);
    int entry = find(key, hash);
    if (entry >= 0) {
      byte[] previous = values[entry];
      values[entry] = value;
      return previous;
    }
    append(key, value, hash);
    return null;
  }

  /** Maps {@code key} to {@code value} unless it has a value; returns that value, or null. */
  byte[] putIfAbsent(byte[] key, byte[] value) {
    int hash = hash(key);
    int entry = find(key, hash);
    if (entry >= 0) {
      return values[entry];
    }
    append(key, value, hash);
    return null;
  }

  /** Replaces the value under {@code key} if it has one; returns the old value, or null. */
  byte[] replace(byte[] key, byte[] value) {
    int entry = find(key, hash(key));
    if (entry < 0) {
      return null;
    }
    byte[] previous = values[entry];
    values[entry] = value;
    return previous;
  }

  /** Removes {@code key}; returns its value, or null. */
  byte[] remove(byte[] key) {
    int hash = hash(key);
    int mask = table.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int mark = table[slot];
      if (mark == EMPTY) {
        return null;
      }
      if (mark != REMOVED) {
        int entry = mark - 1;
        if (hashes[entry] == hash && Arrays.equals(keys[entry], key)) {
          byte[] previous = values[entry];
          table[slot] = REMOVED;
          keys[entry] = null;
          values[entry] = null;
          size--;
          return previous;
        }
      }
    }
  }

  void clear() {
    size = 0;
    used = 0;
    rebuild(MIN_ENTRIES);
  }

  /** Calls {@code action} with every key and value, in insertion order. */
  void forEach(BiConsumer<byte[], byte[]> action) {
    for (int entry = 0; entry < used; entry++) {
      if (keys[entry] != null) {
        action.accept(keys[entry], values[entry]);
      }
    }
  }

  /** Whether some key maps to a value with these bytes. */
  boolean containsValue(byte[] value) {
    for (int entry = 0; entry < used; entry++) {
      if (keys[entry] != null && Arrays.equals(values[entry], value)) {
        return true;
      }
    }
    return false;
  }

  private int find(byte[] key, int hash) {
    int mask = table.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int mark = table[slot];
      if (mark == EMPTY) {
        return -1;
      }
      if (mark != REMOVED) {
        int entry = mark - 1;
        if (hashes[entry] == hash && Arrays.equals(keys[entry], key)) {
          return entry;
        }
      }
    }
  }

  private void append(byte[] key, byte[] value, int hash) {
    if (used == keys.length) {
      rebuild(Math.max(MIN_ENTRIES, size * 2));
    }
    int entry = used++;
    hashes[entry] = hash;
    keys[entry] = key;
    values[entry] = value;
    size++;
    index(entry, hash);
  }

  /**
   * Moves the live entries, in order, to arrays of {@code capacity} and indexes them in a fresh
   * table at most two-thirds full, which also drops removed entries and their table marks.
   */
  private void rebuild(int capacity) {
    int[] oldHashes = hashes;
    byte[][] oldKeys = keys;
    byte[][] oldValues = values;
    int oldUsed = used;
    hashes = new int[capacity];
    keys = new byte[capacity][];
    values = new byte[capacity][];
    table = new int[Integer.highestOneBit(capacity * 3 / 2 - 1) << 1];
    used = 0;
    for (int entry = 0; entry < oldUsed; entry++) {
      if (oldKeys[entry] != null) {
        hashes[used] = oldHashes[entry];
        keys[used] = oldKeys[entry];
        values[used] = oldValues[entry];
        index(used, oldHashes[entry]);
        used++;
      }
    }
  }

  private void index(int entry, int hash) {
    int mask = table.length - 1;
    int slot = hash & mask;
    while (table[slot] != EMPTY && table[slot] != REMOVED) {
      slot = (slot + 1) & mask;
    }
    table[slot] = entry + 1;
  }

  private static int hash(byte[] key) {
    int hash = Arrays.hashCode(key);
    return hash ^ (hash >>> 16);
  }
}
