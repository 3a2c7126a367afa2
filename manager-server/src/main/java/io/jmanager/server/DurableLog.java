package io.jmanager.server;

import io.jmanager.protocol.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable mode: every input of the server's state is written to a Raft log on disk (Apache
 * Ratis, a group of one member) and applied only once it is there, so an answer is only ever sent
 * for what the log holds. After a restart on the same directory the log is applied again and the
 * state is back as it was; the sessions of the connections that died with the old process are
 * closed then, by logged inputs, which releases what they held as a closed connection does.
 *
 * <p>The limits that decide whether an operation is refused are logged too, whenever the server
 * starts with other limits than the log's, so that applying the log again refuses exactly what was
 * refused the first time.
 *
 * <p>Deadlines of parked calls are timed here on the leader's clock, and an expiry is itself a
 * logged input.
 */
final class DurableLog implements Inputs, Session.Timers, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DurableLog.class);
  private static final RaftGroupId GROUP =
      RaftGroupId.valueOf(UUID.nameUUIDFromBytes("jmanager".getBytes(StandardCharsets.UTF_8)));
  private static final RaftPeerId SELF = RaftPeerId.valueOf("n1");

  private final ManagerState.Limits limits;
  private final Replica replica;
  private final RaftServer server;
  private final Proposer proposer;
  private final Clock clock = Clock.systemUTC();
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  private final ScheduledExecutorService deadlines;
  private volatile boolean ready;
  private volatile boolean closed;

  /**
   * The log in {@code config}'s data directory, of a state with {@code config}'s budgets, limits
   * and user types, whose admins stop the server with {@code shutdown}.
   */
  DurableLog(ServerConfig config, Runnable shutdown) {
    Path dataDir = config.dataDir().orElseThrow();
    this.limits = ManagerState.Limits.of(config);
    this.replica = new Replica(config, this, shutdown);
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "jmanager-deadlines");
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
    this.deadlines = timer;
    this.proposer = new Proposer(this::write, this::failed, clock);
    this.server = build(dataDir, config.snapshotEvery(), replica);
  }

  private static RaftServer build(Path dataDir, long snapshotEvery, Replica replica) {
    try {
      LogSegments.check(dataDir.resolve(GROUP.getUuid().toString()).resolve("current"));
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    int port = freeLoopbackPort();
    RaftProperties properties = new RaftProperties();
    RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
    GrpcConfigKeys.Server.setHost(properties, "127.0.0.1");
    GrpcConfigKeys.Server.setPort(properties, port);
    RaftServerConfigKeys.setStorageDir(properties, List.of(dataDir.toFile()));
    RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Rpc.setTimeoutMin(properties, TimeDuration.valueOf(1, TimeUnit.SECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(properties, TimeDuration.valueOf(2, TimeUnit.SECONDS));
    // the entries that carry the commit index let a member that restarts apply its log before it
    // hears from a leader; a group of one leads as soon as it starts, and would sync twice per
    // write
    RaftServerConfigKeys.Log.setLogMetadataEnabled(properties, false);
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, snapshotEvery);
    // the newest snapshot and the one before: a backup copied while a snapshot is written has one
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, 2);
    RaftPeer self = RaftPeer.newBuilder().setId(SELF).setAddress("127.0.0.1:" + port).build();
    try {
      return RaftServer.newBuilder()
          .setServerId(SELF)
          .setGroup(RaftGroup.valueOf(GROUP, self))
          .setProperties(properties)
          .setStateMachine(replica)
          .setOption(RaftStorage.StartupOption.RECOVER)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the log in " + dataDir + ": " + e, e);
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the log's own traffic", e);
    }
  }

  /**
   * Opens the log, applies what it holds, waits until it takes writes, then closes the sessions
   * that died with the previous process and starts timing the deadlines of the calls still parked.
   */
  void start(Duration timeout) throws IOException, InterruptedException {
    server.start();
    try {
      replica.leading.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the log did not become writable within " + timeout, e);
    }
    ready = true;
    ManagerState state = replica.state();
    if (!state.limits().equals(limits)) {
      proposer.limits(limits);
    }
    List<Session> sessions = state.sessions();
    for (Session session : sessions) {
      proposer.close(session.id());
    }
    log.info("durable log ready, {} sessions of the previous process closed", sessions.size());
  }

  /** The state as the log has applied it so far. */
  ManagerState state() {
    return replica.state();
  }

  @Override
  public Session.Inputs connect(long id, boolean admin, ClientLink link) {
    replica.attach(id, link);
    return new Connected(id, proposer.open(id, admin), link);
  }

  /**
   * The inputs of one connection's session, handed over on its event loop. A request that only
   * reads is answered at once from the state as applied, without the log, when everything the
   * session sent before it is applied: it sees every write acknowledged to anyone, and its own.
   */
  private final class Connected implements Session.Inputs {
    private final long id;
    private final ClientLink link;
    private long lastEntry;

    Connected(long id, long openEntry, ClientLink link) {
      this.id = id;
      this.link = link;
      this.lastEntry = openEntry;
    }

    @Override
    public void request(Message.Request request) {
      if (ReadOps.isRead(request.op()) && proposer.applied(lastEntry)) {
        ManagerState state = replica.state();
        Session session = state.session(id);
        if (session != null) {
          // a read parks nothing, so the time its deadline would count from does not matter
          state.apply(session, request, 0);
          return;
        }
      }
      lastEntry = proposer.request(id, request);
    }

    @Override
    public void cancel(long requestId) {
      lastEntry = proposer.about(Batch.Kind.CANCEL, id, requestId);
    }

    @Override
    public void close() {
      proposer.close(id);
    }

    @Override
    public boolean isQuiet() {
      Session session = replica.session(id);
      return session == null || session.isQuiet();
    }

    @Override
    public String toString() {
      return "session " + id + " (" + link.client() + ")";
    }
  }

  @Override
  public ClientLink.Deliveries deliveries(long id) {
    return new ClientLink.Deliveries() {
      @Override
      public void delivered(long requestId) {
        proposer.about(Batch.Kind.DELIVERED, id, requestId);
      }

      @Override
      public void undeliverable(long requestId) {
        proposer.about(Batch.Kind.UNDELIVERABLE, id, requestId);
      }
    };
  }

  /** Times a deadline on this server's clock; at it, logs the call's expiry. */
  @Override
  public Future<?> arm(Waiters.Waiter<?> waiter) {
    if (!ready) {
      // replaying the log at start: the sessions it parked for are closed once it is done
      return null;
    }
    long session = waiter.call.session().id();
    long requestId = waiter.call.id();
    long delay = waiter.deadline() - epochNanos();
    return deadlines.schedule(
        () -> proposer.about(Batch.Kind.EXPIRE, session, requestId),
        Math.max(0, delay),
        TimeUnit.NANOSECONDS);
  }

  private long epochNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * Writes an entry; fails when it is refused, which Ratis says in a reply rather than a failure.
   */
  private CompletableFuture<RaftClientReply> write(byte[] entry) {
    return submit(entry)
        .thenCompose(
            reply ->
                reply.isSuccess()
                    ? CompletableFuture.completedFuture(reply)
                    : CompletableFuture.failedFuture(reply.getException()));
  }

  private CompletableFuture<RaftClientReply> submit(byte[] entry) {
    try {
      return server.submitClientRequestAsync(
          RaftClientRequest.newBuilder()
              .setClientId(clientId)
              .setServerId(SELF)
              .setGroupId(GROUP)
              .setCallId(callIds.incrementAndGet())
              .setMessage(
                  org.apache.ratis.protocol.Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)))
              .setType(RaftClientRequest.writeRequestType())
              .build());
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void failed(Throwable failure) {
    if (closed) {
      log.debug("a log entry was not written: the log is closed", failure);
    } else {
      log.error("a log entry could not be written; its callers are not answered", failure);
    }
  }

  /** Stops applying and writing, after a snapshot of the state as applied. */
  @Override
  public void close() throws IOException {
    closed = true;
    deadlines.shutdownNow();
    server.close();
  }
}
