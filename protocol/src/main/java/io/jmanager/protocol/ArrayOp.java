package io.jmanager.protocol;

/**
 * Operations on a shared fixed-length array of numbers, Python's {@code Array(typecode, size)}. The
 * server holds the numbers natively (no serialized values), so arithmetic happens there. Elements
 * travel as Long for the integral types and Double for "double"; an index outside the array fails
 * with INDEX_OUT_OF_BOUNDS.
 */
public enum ArrayOp implements Op {
  /**
   * [String elementType: "int", "long" or "double"] : null; fixes the element type of a new array,
   * or checks it, failing with ILLEGAL_STATE, for an existing one.
   */
  INIT,
  /** [Integer index] : Long or Double. */
  GET,
  /** [Integer index, Long or Double value] : null; "int" values wrap to 32 bits as in Java. */
  SET,
  /** [Integer index, Long or Double delta] : the new Long or Double. */
  ADD_AND_GET,
  /** [Integer index, Long or Double expected, Long or Double value] : Boolean. */
  COMPARE_AND_SET,
  /** [] : Integer. */
  LENGTH,
  /** [] : ArrayList of every element, Long or Double, in one round trip. */
  SNAPSHOT;

  @Override
  public ObjectType type() {
    return ObjectType.ARRAY;
  }
}
