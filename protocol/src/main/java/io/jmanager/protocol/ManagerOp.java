package io.jmanager.protocol;

/**
 * Operations on the manager itself; their requests carry object id 0. The {@linkplain #admin()
 * admin} ones need a connection authenticated with the admin key, when the server has one.
 */
public enum ManagerOp implements Op {
  /**
   * [String name, ObjectType type, Integer parameter or -1 for any, and for OBJECT the String
   * interface name] : ArrayList [Long object id, Integer parameter (0 if the type has none)]; finds
   * or creates the object.
   */
  OPEN,
  /** [] : ArrayList of alternating String name, ObjectType type, sorted by name. */
  NAMES,
  /** [String name] : Boolean, whether an object of that name existed. Admin. */
  DELETE,
  /**
   * [] : ArrayList with, per open session, sorted by id: Long id, String remote address, Boolean
   * admin, Long connected-at epoch milliseconds, Integer parked calls, ArrayList of String names of
   * the objects it holds something of (locks, permits, leases). Admin.
   */
  SESSIONS,
  /**
   * [String lock name] : Long id of the session that held it, or -1 when it was free; frees a lock
   * or rlock whatever its hold count and hands it to the next waiter. Admin.
   */
  RELEASE_LOCK,
  /** [] : null; answers, then shuts the server down as SIGTERM would. Admin. */
  SHUTDOWN,
  /**
   * [ObjectType type, Integer parameter or -1, ArrayList initial contents or null] : ArrayList
   * [Long object id, Integer parameter, String name]; creates an anonymous object under a name the
   * server makes up, owned by the calling session: the server deletes it when that session ends.
   * Contents are a dict's alternating serialized keys and values, or a list's serialized elements.
   */
  CREATE,
  /**
   * [String name, ObjectType type, Integer parameter or -1, ArrayList initial contents] : ArrayList
   * [Long object id, Integer parameter, Boolean created]; as OPEN, and a new object holds the
   * contents (as in CREATE) from the start, all or nothing; an existing one is left as it is.
   */
  OPEN_WITH,
  /**
   * [] : ArrayList [String the leader's node id, Long its term, ArrayList of String members, each
   * "id=client address"]; of the server the client is connected to, which is the leader in a
   * cluster. A server in memory answers an empty id, term 0 and no members; a durable server alone
   * leads as "n1", with no members listed.
   */
  CLUSTER,
  /**
   * [String node id] : Boolean; the leader of a cluster steps down if it is that member, and
   * answers true before it does; any other server answers false, so a request re-sent to the next
   * leader changes nothing. The members then elect a leader again. Refused by a server that is not
   * a member of a cluster.
   */
  STEP_DOWN;

  /** Whether this operation needs the admin key. */
  public boolean admin() {
    return this == DELETE
        || this == SESSIONS
        || this == RELEASE_LOCK
        || this == SHUTDOWN
        || this == STEP_DOWN;
  }

  @Override
  public ObjectType type() {
    return null;
  }
}
