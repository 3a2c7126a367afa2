package io.jmanager.protocol;

/**
 * Operations on a shared value, Python's {@code Value}: one serialized value. Arithmetic is done on
 * the server, which reads only the built-in number types (Integer, Long, Short, Byte, Double,
 * Float) in Kryo's fixed encoding and never any user class.
 */
public enum ValueOp implements Op {
  /** [] : value bytes, or null before the first set. */
  GET,
  /** [value] : null. */
  SET,
  /** [value] : null; sets the value only if it was never set (how a creator gives the initial). */
  INIT,
  /** [value] : the previous value bytes. */
  GET_AND_SET,
  /** [expected, value] : Boolean; replaces only when the current bytes equal {@code expected}. */
  COMPARE_AND_SET,
  /**
   * [delta] : the new value bytes; both must be built-in numbers, and the result keeps the current
   * value's type; fails with ILLEGAL_ARGUMENT otherwise.
   */
  ADD_AND_GET;

  @Override
  public ObjectType type() {
    return ObjectType.VALUE;
  }
}
