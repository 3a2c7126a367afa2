package io.jmanager.client;

import io.jmanager.protocol.ManagerOp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The server's admin operations, from {@link Manager#admin()}. On a daemon started with {@code
 * --admin-authkey-file}, only a manager connected with that key may use them; one connected with
 * the data key gets {@link ForbiddenException} and nothing is applied. On a daemon without an admin
 * key, the data key may use them, as Python's authkey allows everything.
 *
 * <h2>Errors</h2>
 *
 * <p>Every method is one call to the server and throws {@link ForbiddenException} when this manager
 * connected with the data key of a daemon that has an admin key, and, as any call, {@link
 * ManagerException} when the connection is lost and {@link ManagerTimeoutException} when the server
 * does not answer within the call timeout. {@link #releaseLock} also throws as it says.
 */
public final class Admin {
  private final Connection connection;

  Admin(Connection connection) {
    this.connection = connection;
  }

  /**
   * One client connection as the server sees it.
   *
   * <h2>Errors</h2>
   *
   * <p>Its accessors are local and throw nothing.
   */
  public record SessionInfo(
      long id,
      String remoteAddress,
      boolean admin,
      Instant connectedAt,
      int parkedCalls,
      List<String> holding,
      int unacknowledged) {
    /** Copies the list of held object names. */
    public SessionInfo {
      holding = List.copyOf(holding);
    }
  }

  /**
   * Who leads a cluster: the leader's node id (empty for a server in memory, "n1" for a durable
   * server alone), its term (a new leader's is higher), every member as {@code id=client-address}
   * (empty unless in a cluster), and how far each member's log is committed, by node id, as the
   * leader last heard (-1 for a member it has not heard from in this term; empty in memory). A
   * member whose index equals the leader's has every write acknowledged so far.
   *
   * <h2>Errors</h2>
   *
   * <p>Its accessors are local and throw nothing.
   */
  public record ClusterInfo(
      String leader, long term, List<String> members, Map<String, Long> committed) {
    /** Copies the list of members and the commit indexes. */
    public ClusterInfo {
      members = List.copyOf(members);
      committed = Collections.unmodifiableMap(new LinkedHashMap<>(committed));
    }
  }

  /**
   * Returns who leads the cluster this manager is connected to (a manager is always connected to
   * the leader), in which term, its members and their commit indexes. Needs no admin key.
   */
  public ClusterInfo cluster() {
    List<?> fields = (List<?>) connection.call(0, ManagerOp.CLUSTER);
    List<String> members = new ArrayList<>();
    for (Object member : (List<?>) fields.get(2)) {
      members.add((String) member);
    }
    Map<String, Long> committed = new LinkedHashMap<>();
    List<?> indexes = (List<?>) fields.get(3);
    for (int i = 0; i + 1 < indexes.size(); i += 2) {
      committed.put((String) indexes.get(i), (Long) indexes.get(i + 1));
    }
    return new ClusterInfo((String) fields.get(0), (Long) fields.get(1), members, committed);
  }

  /**
   * Returns every open session, by id: its address, whether it used the admin key, when it
   * connected, how many of its calls are parked, the objects it holds something of (locks,
   * semaphore permits), and, on a durable server, how many answers it keeps until the client
   * acknowledges them (always 0 in memory). Throws {@link ForbiddenException} without the admin
   * key.
   */
  public List<SessionInfo> sessions() {
    List<SessionInfo> sessions = new ArrayList<>();
    for (Object row : (List<?>) connection.call(0, ManagerOp.SESSIONS)) {
      List<?> fields = (List<?>) row;
      List<String> holding = new ArrayList<>();
      for (Object name : (List<?>) fields.get(5)) {
        holding.add((String) name);
      }
      sessions.add(
          new SessionInfo(
              (Long) fields.get(0),
              (String) fields.get(1),
              (Boolean) fields.get(2),
              Instant.ofEpochMilli((Long) fields.get(3)),
              (Integer) fields.get(4),
              holding,
              (Integer) fields.get(6)));
    }
    return sessions;
  }

  /**
   * Frees the named lock (or rlock) whatever its holder and hold count, and hands it to the next
   * waiter: for a holder that is alive but stuck. Returns the former holder's session id, or empty
   * when the lock was free. The former holder's releases ({@link IllegalMonitorStateException}) and
   * condition waits fail until that thread acquires the lock again, so its late unlock cannot free
   * the next holder's lock, even a plain lock's. Throws {@link IllegalStateException} when no
   * object has this name, {@link WrongTypeException} when it is not a lock, and {@link
   * ForbiddenException} without the admin key.
   */
  public OptionalLong releaseLock(String name) {
    long former =
        (Long) connection.call(0, ManagerOp.RELEASE_LOCK, Objects.requireNonNull(name, "name"));
    return former < 0 ? OptionalLong.empty() : OptionalLong.of(former);
  }

  /**
   * Makes the leader of the cluster step down, and returns its node id: the members elect a leader
   * again (within about a second), it possibly, and this manager follows whichever leads. The next
   * leader learns anew what each member's log holds, and sends the newest snapshot to a member that
   * lacks what the logs removed: step down after restarting a member that lost its disk, which the
   * leader it had would otherwise never send anything. Returns empty when the member this manager
   * reached had stopped leading by the time it asked. Throws {@link IllegalStateException} when the
   * server is not a member of a cluster, and {@link ForbiddenException} without the admin key.
   */
  public Optional<String> stepDown() {
    String leader = cluster().leader();
    boolean stepped = (Boolean) connection.call(0, ManagerOp.STEP_DOWN, leader);
    return stepped ? Optional.of(leader) : Optional.empty();
  }

  /**
   * Shuts the server down as SIGTERM would: parked calls fail, every client is told goodbye, and
   * the daemon exits with status 0. Returns once the server has accepted the request. Throws {@link
   * ForbiddenException} without the admin key.
   */
  public void shutdownServer() {
    connection.call(0, ManagerOp.SHUTDOWN);
  }
}
