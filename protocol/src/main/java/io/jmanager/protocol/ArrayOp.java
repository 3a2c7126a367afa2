package io.jmanager.protocol;

/**
 * Operations on a shared fixed-length array of numbers, Python's {@code Array(typecode, size)}. The
 * server holds the numbers natively (no serialized values), so arithmetic happens there. Element
 * types: "byte", "ubyte", "short", "ushort", "char", "int", "uint", "long", "ulong" (its bits as a
 * Long), "float" and "double"; an integral element wraps to its width as a C cast does (an unsigned
 * one to its unsigned range), a float rounds to single precision. Elements travel as Long for the
 * integral types and Double for "float" and "double"; an index outside the array fails with
 * INDEX_OUT_OF_BOUNDS.
 */
public enum ArrayOp implements Op {
  /**
   * [String elementType] : null; fixes the element type of a new array, or checks it, failing with
   * ILLEGAL_STATE, for an existing one.
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
  SNAPSHOT,
  /**
   * [String elementType, ArrayList of one Long or Double per element] : Boolean; as INIT, and a new
   * array takes these values (true); an array that had its element type already keeps its own
   * (false).
   */
  INIT_WITH;

  @Override
  public ObjectType type() {
    return ObjectType.ARRAY;
  }
}
