package io.jmanager.protocol;

/**
 * Operations on a shared list. Elements are opaque serialized bytes ({@code byte[]}); an index out
 * of range is answered with {@link ErrorCode#INDEX_OUT_OF_BOUNDS}.
 */
public enum ListOp implements Op {
  /** [] : Integer. */
  SIZE,
  /** [Integer index] : element. */
  GET,
  /** [Integer index, element] : previous element. */
  SET,
  /** [element] : null; appends. */
  ADD,
  /** [Integer index, element] : null. */
  ADD_AT,
  /** [ArrayList elements] : Boolean, whether the list changed; appends. */
  ADD_ALL,
  /** [Integer index, ArrayList elements] : Boolean. */
  ADD_ALL_AT,
  /** [Integer index] : removed element. */
  REMOVE_AT,
  /** [element] : Boolean; removes the first equal element. */
  REMOVE,
  /** [ArrayList elements] : Boolean; removes every element equal to one given. */
  REMOVE_ALL,
  /** [ArrayList elements] : Boolean; keeps only elements equal to one given. */
  RETAIN_ALL,
  /** [Integer from, Integer to] : null; removes the range [from, to). */
  REMOVE_RANGE,
  /** [element] : Integer, first index or -1. */
  INDEX_OF,
  /** [element] : Integer, last index or -1. */
  LAST_INDEX_OF,
  /** [element] : Boolean. */
  CONTAINS,
  /** [ArrayList elements] : Boolean, whether every one is present. */
  CONTAINS_ALL,
  /** [] : null. */
  CLEAR,
  /** [] : ArrayList, every element in order. */
  SNAPSHOT,
  /** [Integer from, Integer to] : ArrayList, the elements in [from, to). */
  SNAPSHOT_RANGE,
  /**
   * [ArrayList expected, ArrayList replacement] : Boolean; replaces the whole contents only if they
   * still equal {@code expected}, so client-side sort and replaceAll are atomic by retry.
   */
  COMPARE_AND_SET_ALL;

  @Override
  public ObjectType type() {
    return ObjectType.LIST;
  }
}
