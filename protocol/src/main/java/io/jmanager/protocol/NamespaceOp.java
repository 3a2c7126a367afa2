package io.jmanager.protocol;

/** Operations on a shared namespace, Python's {@code Namespace}: named attributes. */
public enum NamespaceOp implements Op {
  /** [String attribute] : value bytes, or null when absent. */
  GET,
  /** [String attribute, value] : null. */
  SET,
  /** [String attribute] : Boolean, whether it existed. */
  DELETE,
  /** [String attribute] : Boolean. */
  CONTAINS,
  /** [] : ArrayList of attribute names in the order they were first set. */
  NAMES;

  @Override
  public ObjectType type() {
    return ObjectType.NAMESPACE;
  }
}
