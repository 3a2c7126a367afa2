package io.jmanager.server;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * An insertion-ordered map from serialized keys to serialized values, laid out as CPython lays out
 * a dict: entries are appended to parallel arrays (hash, key, value) in insertion order, and an
 * open-addressing table of entry numbers finds them. Beyond the key and value arrays themselves, an
 * entry costs about 20 bytes, against about 70 for a {@code LinkedHashMap} entry with a key
 * wrapper. Keys are equal when their bytes are; callers must not change arrays they put or get. Not
 * thread-safe: the dict that owns it runs under its lock.
 *
 * <p>Keys are hashed with {@link SipHash} under the server's random key and probed in CPython's
 * order (each step mixes in five more bits of the hash, then walks every slot), so no choice of
 * keys makes lookups slow: sequential numbers, whose encodings differ only in their last bytes,
 * cost no more probes than random strings. Every change is all or nothing: growing allocates the
 * new arrays before touching the old ones, and a batch makes room for all its keys before adding
 * any.
 */
final class BytesMap {
  private static final int EMPTY = 0;
  private static final int REMOVED = -1;
  private static final int MIN_ENTRIES = 8;
  private static final int PERTURB_SHIFT = 5;

  /** Allocates index tables; a test passes one that fails as a full heap would. */
  private final IntFunction<int[]> tables;

  /** Entry number + 1, or EMPTY, or REMOVED; the length is a power of two. */
  private int[] table;

  private int[] hashes;
  private byte[][] keys;
  private byte[][] values;

  /** Entries appended since the last rebuild, removed ones included (their key is null). */
  private int used;

  private int size;

  BytesMap() {
    this(int[]::new);
  }

  /** A map that gets its index tables from {@code tables}. */
  BytesMap(IntFunction<int[]> tables) {
    this.tables = tables;
    rebuild(MIN_ENTRIES, 0);
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
    int slot = lookup(key, hash(key));
    if (slot < 0) {
      return null;
    }
    int entry = table[slot] - 1;
    byte[] previous = values[entry];
    table[slot] = REMOVED;
    keys[entry] = null;
    values[entry] = null;
    size--;
    return previous;
  }

  /**
   * Maps each key of {@code pairs} (key, value, key, value, ...) to the value after it, all or
   * nothing: room for every new key is made before the first is added.
   */
  void putAll(List<byte[]> pairs) {
    int added = 0;
    for (int i = 0; i < pairs.size(); i += 2) {
      if (!containsKey(pairs.get(i))) {
        added++;
      }
    }
    if (added > keys.length - used) {
      rebuild(Math.max(size * 2, size + added), used);
    }
    for (int i = 0; i < pairs.size(); i += 2) {
      put(pairs.get(i), pairs.get(i + 1));
    }
  }

  void clear() {
    rebuild(MIN_ENTRIES, 0);
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

  /** How many table slots a lookup of {@code key} reads: 1 when its first slot settles it. */
  int probes(byte[] key) {
    int hash = hash(key);
    int mask = table.length - 1;
    int found = lookup(key, hash);
    int probes = 1;
    for (int slot = hash & mask, perturb = hash; slot != found && table[slot] != EMPTY; probes++) {
      perturb >>>= PERTURB_SHIFT;
      slot = next(slot, perturb, mask);
    }
    return probes;
  }

  private int find(byte[] key, int hash) {
    int slot = lookup(key, hash);
    return slot < 0 ? -1 : table[slot] - 1;
  }

  /** The table slot that holds {@code key}, or -1. */
  private int lookup(byte[] key, int hash) {
    int mask = table.length - 1;
    for (int slot = hash & mask, perturb = hash; ; ) {
      int mark = table[slot];
      if (mark == EMPTY) {
        return -1;
      }
      if (mark != REMOVED) {
        int entry = mark - 1;
        if (hashes[entry] == hash && Arrays.equals(keys[entry], key)) {
          return slot;
        }
      }
      perturb >>>= PERTURB_SHIFT;
      slot = next(slot, perturb, mask);
    }
  }

  /**
   * CPython's probe order: while {@code perturb} (the hash, shifted right at each step) has bits
   * left they pick the next slot, so keys that share a first slot part at once; once it is zero,
   * {@code 5 * slot + 1} visits every slot of the power-of-two table.
   */
  private static int next(int slot, int perturb, int mask) {
    return (slot * 5 + perturb + 1) & mask;
  }

  private void append(byte[] key, byte[] value, int hash) {
    if (used == keys.length) {
      rebuild(size * 2, used);
    }
    int entry = used++;
    hashes[entry] = hash;
    keys[entry] = key;
    values[entry] = value;
    size++;
    index(table, entry, hash);
  }

  /**
   * Moves the live entries among the first {@code carried}, in order, to arrays of {@code capacity}
   * (at least {@link #MIN_ENTRIES}), indexed in a fresh table at most two-thirds full, which also
   * drops removed entries and their table marks. Everything is allocated before anything changes,
   * so a failed allocation leaves the map as it was.
   */
  private void rebuild(int capacity, int carried) {
    int length = Math.max(MIN_ENTRIES, capacity);
    int[] newHashes = new int[length];
    byte[][] newKeys = new byte[length][];
    byte[][] newValues = new byte[length][];
    int[] newTable = tables.apply(Integer.highestOneBit(length * 3 / 2 - 1) << 1);
    int live = 0;
    for (int entry = 0; entry < carried; entry++) {
      if (keys[entry] != null) {
        newHashes[live] = hashes[entry];
        newKeys[live] = keys[entry];
        newValues[live] = values[entry];
        index(newTable, live, hashes[entry]);
        live++;
      }
    }
    table = newTable;
    hashes = newHashes;
    keys = newKeys;
    values = newValues;
    used = live;
    size = live;
  }

  private static void index(int[] table, int entry, int hash) {
    int mask = table.length - 1;
    int slot = hash & mask;
    for (int perturb = hash; table[slot] != EMPTY && table[slot] != REMOVED; ) {
      perturb >>>= PERTURB_SHIFT;
      slot = next(slot, perturb, mask);
    }
    table[slot] = entry + 1;
  }

  private static int hash(byte[] key) {
    return SipHash.hash32(key);
  }
}
