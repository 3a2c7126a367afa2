package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ManagerOp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies every {@link ManagerOp}: opening and listing objects go to the {@link Registry}; the
 * admin operations (delete, list sessions, release a lock, shut down) first check that the session
 * authenticated with the admin key. Knows every open session. Thread-safe: called from every event
 * loop.
 */
final class ManagerOps {
  private static final Logger log = LoggerFactory.getLogger(ManagerOps.class);

  private final Registry registry;
  private final Runnable shutdown;
  private final Map<Long, Session> sessions = new ConcurrentHashMap<>();

  /** {@code shutdown} stops the server; it must not block the event loop that calls it. */
  ManagerOps(Registry registry, Runnable shutdown) {
    this.registry = registry;
    this.shutdown = shutdown;
  }

  /** Records a newly authenticated session. */
  void opened(Session session) {
    sessions.put(session.id(), session);
  }

  /** The open session {@code id}, or null. */
  Session session(long id) {
    return sessions.get(id);
  }

  /** Every open session, in order of their ids. */
  List<Session> sessionsById() {
    return sessions.values().stream().sorted(Comparator.comparingLong(Session::id)).toList();
  }

  /** Forgets a closed session. */
  void closed(Session session) {
    sessions.remove(session.id());
  }

  /** Applies a {@link ManagerOp}, refusing an admin one to a session without the admin key. */
  void apply(Call call) {
    ManagerOp op = (ManagerOp) call.op();
    if (op.admin() && !call.session().isAdmin()) {
      throw forbidden(op);
    }
    switch (op) {
      case OPEN -> registry.open(call);
      case NAMES -> call.reply(registry.names());
      case DELETE -> call.reply(registry.delete(call.string(0)));
      case SESSIONS -> call.reply(sessions());
      case RELEASE_LOCK -> releaseLock(call, call.string(0));
      case SHUTDOWN -> shutDown(call);
      case CREATE -> registry.create(call);
      case OPEN_WITH -> registry.openWith(call);
      // the durable mode answers it before it gets here
      case CLUSTER ->
          call.reply(new ArrayList<>(List.of("", 0L, new ArrayList<>(), new ArrayList<>())));
      // a cluster's members answer it before it gets here
      case STEP_DOWN ->
          throw new OpException(
              ErrorCode.ILLEGAL_STATE,
              "this server is not a member of a cluster: it has nothing to step down from");
    }
  }

  /** Why a session without the admin key may not run admin operation {@code op}. */
  static OpException forbidden(ManagerOp op) {
    return new OpException(
        ErrorCode.FORBIDDEN,
        op + " is an admin operation: connect with the admin key, not the data key");
  }

  private ArrayList<Object> sessions() {
    ArrayList<Object> rows = new ArrayList<>();
    sessions.values().stream()
        .sorted(Comparator.comparingLong(Session::id))
        .forEach(session -> rows.add(session.describe()));
    return rows;
  }

  private void releaseLock(Call call, String name) {
    long former = registry.releaseLock(name);
    if (former >= 0) {
      log.warn("{} released lock '{}' held by session {}", call.session(), name, former);
    }
    call.reply(former);
  }

  /**
   * Stops the server the admin is connected to. In the durable mode the request is logged like any
   * other, so applying the log again at start, or on another replica, must not stop anything: only
   * the server holding the admin's connection stops.
   */
  private void shutDown(Call call) {
    call.reply(null);
    if (call.session().connectedHere()) {
      log.warn("{} asked the server to shut down", call.session());
      shutdown.run();
    }
  }
}
