package io.jmanager.protocol;

/** Operations on the manager itself; their requests carry object id 0. */
public enum ManagerOp implements Op {
  /** [String name, ObjectType type, Integer capacity or -1] : Long object id; get-or-create. */
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
