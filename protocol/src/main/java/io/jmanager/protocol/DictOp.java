package io.jmanager.protocol;

/**
 * Operations on a shared dict. Keys and values are opaque serialized bytes ({@code byte[]}); the
 * comment on each op gives its arguments and its reply.
 */
public enum DictOp implements Op {
  /** [key] : value or null. */
  GET,
  /** [key, value] : previous value or null. */
  PUT,
  /** [key, value] : existing value (unchanged) or null (stored). */
  PUT_IF_ABSENT,
  /** [key, value] : previous value or null (nothing stored when absent). */
  REPLACE,
  /** [key, expected, value] : Boolean, whether replaced. */
  REPLACE_IF_EQUAL,
  /** [key] : removed value or null. */
  REMOVE,
  /** [key, expected] : Boolean, whether removed. */
  REMOVE_IF_EQUAL,
  /** [key] : Boolean. */
  CONTAINS_KEY,
  /** [value] : Boolean. */
  CONTAINS_VALUE,
  /** [] : Integer. */
  SIZE,
  /** [] : null. */
  CLEAR,
  /** [ArrayList of alternating key, value] : null. */
  PUT_ALL,
  /** [] : ArrayList of alternating key, value in insertion order. */
  ENTRIES,
  /** [] : ArrayList of keys in insertion order. */
  KEYS,
  /** [] : ArrayList of values in insertion order. */
  VALUES;

  @Override
  public ObjectType type() {
    return ObjectType.DICT;
  }
}
