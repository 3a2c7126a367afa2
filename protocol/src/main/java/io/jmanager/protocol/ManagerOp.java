package io.jmanager.protocol;

/** Operations on the manager itself; their requests carry object id 0. */
public enum ManagerOp implements Op {
  /**
   * [String name, ObjectType type, Integer parameter or -1 for any, and for OBJECT the String
   * interface name] : ArrayList [Long object id, Integer parameter (0 if the type has none)]; finds
   * or creates the object.
   */
  OPEN,
  /** [] : ArrayList of alternating String name, ObjectType type, sorted by name. */
  NAMES,
  /** [String name] : Boolean, whether an object of that name existed. */
  DELETE;

  @Override
  public ObjectType type() {
    return null;
  }
}
