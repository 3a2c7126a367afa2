package io.jmanager.server;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.MalformedFrameException;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ProtocolKryo;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's state as the state machine of a Raft log: each committed entry's inputs are applied
 * to the {@link ManagerState} in order, on the log's one applying thread, at the entry's time
 * (never earlier than the entry before). A session's answers go to its connection when it has one
 * at this server, and nowhere otherwise: every replica applies every input, and only the server the
 * client is connected to answers it.
 *
 * <p>A snapshot holds the whole state and the log's clock at the entry it covers; the server starts
 * from the newest one and applies only the entries after it.
 */
final class Replica extends BaseStateMachine implements Batch.Target {
  private static final Logger log = LoggerFactory.getLogger(Replica.class);

  /** Hears when this server starts and stops leading the log's group, and of closed sessions. */
  interface Listener {
    /** Hears nothing: a replica applying a log read from disk, led by nobody. */
    Listener NONE =
        new Listener() {
          @Override
          public void leading() {}

          @Override
          public void following() {}

          @Override
          public void closed(long id) {}

          @Override
          public void applied(StateMachineLogEntryProto entry) {}
        };

    /** This server leads, and has applied every entry committed before. */
    void leading();

    /** This server no longer leads. */
    void following();

    /** The close of session {@code id} is applied. */
    void closed(long id);

    /** {@code entry} is applied (or could not be), and the next one is not yet. */
    void applied(StateMachineLogEntryProto entry);
  }

  private final ServerConfig config;
  private final Session.Timers timers;
  private final Runnable shutdown;
  private final Listener listener;
  private final Map<Long, ClientLink> links = new ConcurrentHashMap<>();
  private final SnapshotStore snapshots = new SnapshotStore();
  private final Kryo kryo = ProtocolKryo.create();
  private final Input input = new Input();
  private volatile ManagerState state;
  private long time;

  /** Completes once this server leads and has applied what the log held before. */
  final CompletableFuture<Void> leading = new CompletableFuture<>();

  /**
   * A replica of an empty state with {@code config}'s budgets and types, whose parked calls'
   * deadlines {@code timers} times, whose admins stop the server with {@code shutdown}, and whose
   * changes of leader and closed sessions go to {@code listener}.
   */
  Replica(ServerConfig config, Session.Timers timers, Runnable shutdown, Listener listener) {
    this.config = config;
    this.timers = timers;
    this.shutdown = shutdown;
    this.listener = listener;
    this.state = ManagerState.create(config, shutdown);
    // until the log says otherwise, as when it starts empty: none
    state.limits(ManagerState.Limits.NONE);
  }

  /** The state as applied so far; another one once a snapshot is installed. */
  ManagerState state() {
    return state;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId group, RaftStorage storage)
      throws IOException {
    getLifeCycle()
        .startAndTransition(
            () -> {
              super.initialize(server, group, storage);
              snapshots.init(storage);
              restoreNewestSnapshot();
            },
            IOException.class);
  }

  /**
   * Stops applying, before Ratis puts a snapshot sent by the leader in place of this member's
   * state; {@link #reinitialize} reads it.
   */
  @Override
  public void pause() {
    getLifeCycle().transition(LifeCycle.State.PAUSING);
    getLifeCycle().transition(LifeCycle.State.PAUSED);
  }

  /**
   * Replaces the state with the newest snapshot's: one the leader sent, which Ratis put in place.
   */
  @Override
  public void reinitialize() throws IOException {
    restoreNewestSnapshot();
    if (getLifeCycleState() == LifeCycle.State.PAUSED) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
  }

  private void restoreNewestSnapshot() throws IOException {
    TermIndex restored = snapshots.readLatest(this::read);
    if (restored != null) {
      setLastAppliedTermIndex(restored);
      log.info("state restored from the snapshot at log index {}", restored.getIndex());
    }
  }

  /** Replaces the state with the one a snapshot holds, with the log's clock at its entry. */
  void read(DataInputStream in) throws IOException {
    long clock = in.readLong();
    Snapshot.Attachments attachments = new Snapshot.Attachments(this::output, timers, shutdown);
    state = Snapshot.read(in, config, attachments);
    time = clock;
  }

  private Session.Output output(long session) {
    Session.Output output = links.get(session);
    return output == null ? Session.Output.NOWHERE : output;
  }

  /** Writes the state as applied so far; called on the applying thread, between entries. */
  @Override
  public long takeSnapshot() throws IOException {
    TermIndex applied = getLastAppliedTermIndex();
    if (applied.getIndex() < 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    snapshots.write(
        applied,
        out -> {
          out.writeLong(time);
          Snapshot.write(state, out);
        });
    return applied.getIndex();
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return snapshots.storage();
  }

  /** Records the connection of session {@code id} at this server, before its OPEN is logged. */
  void attach(long id, ClientLink link) {
    links.put(id, link);
  }

  /** The open session {@code id}, or null. */
  Session session(long id) {
    return state.session(id);
  }

  /** The connection of session {@code id} at this server, or null. */
  ClientLink link(long id) {
    return links.get(id);
  }

  /**
   * Gives open session {@code id} a new connection, whose client resumes it: its kept answers go
   * out again, and its answers go there from now on. A connection it still had here is closed.
   */
  void reattach(long id, ClientLink link) {
    ClientLink previous = links.put(id, link);
    if (previous != null && previous != link) {
      previous.drop();
    }
    Session session = state.session(id);
    if (session != null) {
      session.attach(link);
    }
  }

  /** Closes the connection of every session here: their clients go to the next leader. */
  void dropConnections() {
    links.values().forEach(ClientLink::drop);
  }

  @Override
  public CompletableFuture<org.apache.ratis.protocol.Message> applyTransaction(
      TransactionContext transaction) {
    LogEntryProto entry = transaction.getLogEntry();
    // an entry's answers go out together: one flush, and one wake-up, per connection
    return ClientLink.flushingOnce(() -> apply(entry));
  }

  /** Applies a committed entry; the reads that waited for it are answered before the next one. */
  private CompletableFuture<org.apache.ratis.protocol.Message> apply(LogEntryProto entry) {
    try {
      apply(entry.getStateMachineLogEntry().getLogData().toByteArray());
      return CompletableFuture.completedFuture(org.apache.ratis.protocol.Message.EMPTY);
    } catch (IllegalStateException e) {
      log.error("log entry {} cannot be applied", entry.getIndex(), e);
      return CompletableFuture.failedFuture(e);
    } finally {
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
      listener.applied(entry.getStateMachineLogEntry());
    }
  }

  /** Applies the inputs of one entry, at its time or the time of the entry before, if later. */
  void apply(byte[] entry) {
    ByteBuffer bytes = ByteBuffer.wrap(entry);
    time = Math.max(time, Batch.time(bytes));
    Batch.apply(bytes, time, this);
  }

  @Override
  public void notifyLeaderReady() {
    leading.complete(null);
    listener.leading();
  }

  @Override
  public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
    listener.following();
  }

  /** Answers a read round (see {@link ReadBarrier}): the read itself is done by its caller. */
  @Override
  public CompletableFuture<org.apache.ratis.protocol.Message> query(
      org.apache.ratis.protocol.Message request) {
    return CompletableFuture.completedFuture(org.apache.ratis.protocol.Message.EMPTY);
  }

  @Override
  public void open(long session, boolean admin, long at) {
    state.openKeepingHandoffs(session, admin, output(session), timers);
  }

  @Override
  public void request(long session, byte[] frame, int offset, int length, long at) {
    Session open = state.session(session);
    if (open == null) {
      return;
    }
    Message message;
    try {
      message = Frames.decode(kryo, input, frame, offset, length);
    } catch (MalformedFrameException e) {
      throw new IllegalStateException("a logged request cannot be decoded", e);
    }
    if (!(message instanceof Message.Request request)) {
      return;
    }
    if (open.applied(request.id())) {
      // sent again by a client that lost its connection: answered once, its answer sent again
      open.sendAgain(request.id());
    } else if (open.keptCount() >= Session.MAX_KEPT) {
      Call.unkept(open, request)
          .fail(
              ErrorCode.BUSY,
              "the client has acknowledged none of its last "
                  + Session.MAX_KEPT
                  + " answers; the server keeps no more");
    } else {
      state.apply(open, request, at);
    }
  }

  @Override
  public void about(Batch.Kind kind, long session, long requestId, long at) {
    Session open = state.session(session);
    if (open == null) {
      return;
    }
    switch (kind) {
      case CANCEL -> state.cancel(open, requestId);
      case EXPIRE -> expire(open, requestId, at);
      case DELIVERED -> open.acknowledged(requestId);
      case UNDELIVERABLE -> open.undeliverable(requestId);
      default -> throw new IllegalStateException(kind + " is not about a request");
    }
  }

  /** Expires the parked request if its deadline has come by the entry's time. */
  private static void expire(Session session, long requestId, long at) {
    Waiters.Waiter<?> waiter = session.waiter(requestId);
    if (waiter != null && waiter.deadline() <= at) {
      waiter.expire();
    }
  }

  @Override
  public void limits(ManagerState.Limits limits) {
    state.limits(limits);
  }

  @Override
  public void close(long session, long at) {
    ManagerState current = state;
    Session open = current.session(session);
    if (open != null) {
      current.close(open);
      ClientLink link = links.remove(session);
      if (link != null) {
        link.drop();
      }
      listener.closed(session);
    }
  }
}
