package io.jmanager.server;

/**
 * Where the inputs of the server's state go once a connection has authenticated: straight to the
 * {@link ManagerState} in memory, or into the replicated log first, to be applied when committed.
 */
interface Inputs {
  /**
   * Why this server opens no session now: the client address of the cluster's leader, for the
   * client to go there, or "" when no leader is known yet; null when it opens sessions.
   */
  default String elsewhere() {
    return null;
  }

  /** An id no other session of this state has had, nor will have. */
  long newSessionId();

  /**
   * How long a session outlives a connection lost without a close, in milliseconds: 0 in memory,
   * where it ends with it.
   */
  default int leaseMillis() {
    return 0;
  }

  /**
   * Whether session {@code id} is open for its client to resume it, by a connection proven with the
   * admin key when {@code admin} (an admin's session is resumed with that key only); if so, its
   * lease stops until {@link #resume} gives it the connection. Never in memory.
   */
  default boolean resumable(long id, boolean admin) {
    return false;
  }

  /**
   * Gives session {@code id}, found {@link #resumable}, its new connection: its kept answers go out
   * again, and its answers go to {@code link} from now on.
   */
  default Session.Inputs resume(long id, ClientLink link) {
    throw new IllegalStateException("sessions end with their connections here");
  }

  /** Opens session {@code id} for a connection; its answers go to {@code link}. */
  Session.Inputs connect(long id, boolean admin, ClientLink link);
}
