package io.jmanager.protocol;

/** Operations on the manager itself; their requests carry object id 0. */
public enum ManagerOp implements Op {
  /**
   * [String name, ObjectType type, Integer capacity or -1 for any] : ArrayList [Long object id,
   * Integer capacity (0 unless a bounded queue)]; finds or creates the object.
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
