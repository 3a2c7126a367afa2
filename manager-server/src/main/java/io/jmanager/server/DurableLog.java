package io.jmanager.server;

import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable mode: every input of the server's state is written to a Raft log on disk (Apache
 * Ratis) and applied only once it is there, so an answer is only ever sent for what the log holds.
 * After a restart on the same directory the log is applied again and the state is back as it was.
 *
 * <p>Alone, the server is a group of one member. In a cluster ({@code --node-id}, {@code --peers})
 * every member keeps the log and applies it; the leader alone serves clients (the others send them
 * to it at their handshake), writes their inputs to the log, and answers reads once a ReadIndex
 * round has confirmed it still leads. A member that stops leading closes its clients' connections;
 * their sessions stay, for their clients to come back to at the next leader.
 *
 * <p>What is timed is timed on the leader's clock, and what it decides is logged: a parked call's
 * expiry, and the close of a session whose connection is gone when its lease runs out. A new leader
 * times every parked call and starts a lease for every session, since none is connected to it yet.
 *
 * <p>The limits that decide whether an operation is refused are logged too, whenever the leader
 * runs with other limits than the log's, so that applying the log again refuses exactly what was
 * refused the first time.
 */
final class DurableLog implements Inputs, Session.Timers, Replica.Listener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DurableLog.class);
  private static final RaftGroupId GROUP =
      RaftGroupId.valueOf(UUID.nameUUIDFromBytes("jmanager".getBytes(StandardCharsets.UTF_8)));

  /**
   * A follower checks every such time (drawn anew between these each time) whether it has heard
   * from its leader within it, and starts an election when it has not, so a dead leader is noticed
   * within twice the longest; a leader that has heard from no majority for the longest steps down.
   * With the election and the clients finding the new leader, failover took 0.9 to 1.7 s here (p50
   * 1.2 to 1.3 s, 20 kills; 1.2 to 2.4 s with 0.6 to 0.9 s). 0.3 to 0.5 s made it 1.1 s (p50) but
   * cost elections without a fault on a loaded host: leaders that missed their followers' answers
   * for 0.5 s stepped down.
   */
  private static final TimeDuration ELECTION_MIN = TimeDuration.valueOf(450, TimeUnit.MILLISECONDS);

  private static final TimeDuration ELECTION_MAX = TimeDuration.valueOf(700, TimeUnit.MILLISECONDS);

  private final ManagerState.Limits limits;
  private final Map<String, Peer> peers;
  private final RaftPeerId self;
  private final Replica replica;
  private final RaftServer server;
  private final Proposer proposer;
  private final ReadBarrier reads;
  private final Leases leases;
  private final int leaseMillis;
  private final Clock clock = Clock.systemUTC();

  /** Who writes this server's entries to the log, in its own run: each by its entry number. */
  private final ClientId writer = ClientId.randomId();

  private final ByteString writerBytes = writer.toByteString();

  /** Who asks the log to confirm that this server leads, by call ids of their own. */
  private final ClientId reader = ClientId.randomId();

  private final AtomicLong readCalls = new AtomicLong();
  private final AtomicLong sessionIds = new AtomicLong();

  /**
   * One thread for what follows from the log: leadership changes, deadlines, and what each reply
   * from Ratis sets off.
   */
  private final ScheduledExecutorService timer;

  /** Where requests go, once asked; see {@link #member()}. */
  private volatile RaftClientAsynchronousProtocol member;

  private volatile boolean ready;
  private volatile boolean closed;

  /** Counts this server's terms as leader, so that a timer armed in an earlier one does nothing. */
  private volatile long reign;

  private volatile long term;

  /**
   * The log in {@code config}'s data directory, of a state with {@code config}'s budgets, limits
   * and user types, whose admins stop the server with {@code shutdown}.
   */
  DurableLog(ServerConfig config, Runnable shutdown) {
    Path dataDir = config.dataDir().orElseThrow();
    this.limits = ManagerState.Limits.of(config);
    this.peers = new LinkedHashMap<>();
    config.peers().forEach(peer -> peers.put(peer.id(), peer));
    this.self = RaftPeerId.valueOf(config.nodeId().orElse("n1"));
    this.replica = new Replica(config, this, shutdown, this);
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "jmanager-leader-timers");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    // once the log is closed, what would follow from it is dropped
    executor.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
    this.timer = executor;
    this.proposer = new Proposer(this::write, this::failed, clock);
    this.reads = peers.size() > 1 ? new ReadBarrier(this::confirmLeading, this::failed) : null;
    this.leases = new Leases(timer, config.sessionLease(), this::expire);
    this.leaseMillis = (int) Math.min(Integer.MAX_VALUE, config.sessionLease().toMillis());
    this.server = build(config, replica, self, group());
  }

  /** Where the log's segments are in {@code dataDir}. */
  static Path segments(Path dataDir) {
    return dataDir.resolve(GROUP.getUuid().toString()).resolve("current");
  }

  /** Where the snapshots of the log in {@code dataDir} are. */
  static Path snapshots(Path dataDir) {
    return dataDir.resolve(GROUP.getUuid().toString()).resolve("sm");
  }

  /** The group: every peer given, or this server alone on a free loopback port. */
  private RaftGroup group() {
    if (peers.isEmpty()) {
      int port = freeLoopbackPort();
      return RaftGroup.valueOf(
          GROUP, RaftPeer.newBuilder().setId(self).setAddress("127.0.0.1:" + port).build());
    }
    List<RaftPeer> members = new ArrayList<>();
    for (Peer peer : peers.values()) {
      members.add(
          RaftPeer.newBuilder()
              .setId(RaftPeerId.valueOf(peer.id()))
              .setAddress(peer.raftAddress())
              .build());
    }
    return RaftGroup.valueOf(GROUP, members);
  }

  private static RaftServer build(
      ServerConfig config, Replica replica, RaftPeerId self, RaftGroup group) {
    Path dataDir = config.dataDir().orElseThrow();
    try {
      LogSegments.check(segments(dataDir));
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    String me = group.getPeer(self).getAddress();
    int colon = me.lastIndexOf(':');
    RaftProperties properties = new RaftProperties();
    RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
    GrpcConfigKeys.Server.setHost(properties, me.substring(0, colon).replaceAll("^\\[|\\]$", ""));
    GrpcConfigKeys.Server.setPort(properties, Integer.parseInt(me.substring(colon + 1)));
    RaftServerConfigKeys.setStorageDir(properties, List.of(dataDir.toFile()));
    RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Rpc.setTimeoutMin(properties, ELECTION_MIN);
    RaftServerConfigKeys.Rpc.setTimeoutMax(properties, ELECTION_MAX);
    // the entries that carry the commit index let a member that restarts apply its log before it
    // hears from a leader; without them every write syncs once, not twice, and a member applies
    // its log once a leader tells it the commit index
    RaftServerConfigKeys.Log.setLogMetadataEnabled(properties, false);
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, config.snapshotEvery());
    // the newest snapshot and the one before: a backup copied while a snapshot is written has one
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, 2);
    // each snapshot removes the closed files it covers (in a cluster, those every member has)
    RaftServerConfigKeys.Log.setSegmentSizeMax(
        properties, SizeInBytes.valueOf(config.logSegmentBytes()));
    RaftServerConfigKeys.Log.setPurgeGap(
        properties, (int) Math.min(Integer.MAX_VALUE, config.snapshotEvery()));
    try {
      return RaftServer.newBuilder()
          .setServerId(self)
          .setGroup(group)
          .setProperties(properties)
          .setStateMachine(replica)
          .setOption(RaftStorage.StartupOption.RECOVER)
          .setParameters(parameters(config))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the log in " + dataDir + ": " + e, e);
    }
  }

  /**
   * Mutual TLS between the members, when asked: the same files serve and connect. Throws {@link
   * IllegalArgumentException} naming a file that cannot be read.
   */
  private static Parameters parameters(ServerConfig config) {
    Parameters parameters = new Parameters();
    ServerConfig.PeerTls tls = config.peerTls().orElse(null);
    if (tls != null) {
      for (Path file : List.of(tls.certificateChain(), tls.privateKey(), tls.ca())) {
        if (!Files.isReadable(file)) {
          throw new IllegalArgumentException("cannot read the peer TLS file " + file);
        }
      }
      GrpcConfigKeys.TLS.setConf(
          parameters,
          new GrpcTlsConfig(
              tls.privateKey().toFile(), tls.certificateChain().toFile(), tls.ca().toFile(), true));
    }
    return parameters;
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the log's own traffic", e);
    }
  }

  /**
   * Opens the log and joins its group. Alone, waits until the log is applied and takes writes; in a
   * cluster, returns at once: the member serves clients once it leads, and sends them to the leader
   * meanwhile.
   */
  void start(Duration timeout) throws IOException, InterruptedException {
    server.start();
    if (peers.size() > 1) {
      log.info("member {} of a cluster of {} started", self, peers.size());
      if (server.getDivision(GROUP).getRaftLog().getLastEntryTermIndex() == null
          && replica.getLatestSnapshot() == null) {
        log.info(
            "{} starts with an empty log: if it is not new but lost its disk, run AdminTool"
                + " step-down once it is up, so that the next leader sends it what it lacks",
            self);
      }
      return;
    }
    try {
      replica.leading.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the log did not become writable within " + timeout, e);
    }
  }

  /**
   * This server leads: it starts a new reign on its own timer thread, since leading means logging,
   * which Ratis' thread must not wait for.
   */
  @Override
  public void leading() {
    timer.execute(this::startReign);
  }

  private void startReign() {
    try {
      term = server.getDivision(GROUP).getInfo().getCurrentTerm();
    } catch (IOException e) {
      log.error("leading, but the log's term cannot be read", e);
      return;
    }
    sessionIds.set(0);
    reign++;
    ManagerState state = replica.state();
    if (!state.limits().equals(limits)) {
      proposer.limits(limits);
    }
    List<Session> sessions = state.sessions();
    for (Session session : sessions) {
      session.inheritKept();
      if (replica.link(session.id()) == null) {
        leases.start(session.id());
      }
    }
    // Clients may come back only now: a lease started after its client came back would close
    // the session under it. (What is timed here runs on this thread, so not before this is set.)
    ready = true;
    // Only now: arm times nothing for a server that is not ready. A call parked meanwhile by the
    // log's thread is timed there; arming one twice times it once.
    state.forEachWaiter(Waiters.Waiter::arm);
    log.info(
        "{} leads (term {}); {} sessions wait for their clients to come back",
        self,
        term,
        sessions.size());
  }

  /** This server no longer leads: it stops timing, and its clients go to the next leader. */
  @Override
  public void following() {
    timer.execute(this::endReign);
  }

  private void endReign() {
    if (!ready) {
      return;
    }
    ready = false;
    reign++;
    leases.clear();
    replica.state().forEachWaiter(Waiters.Waiter::disarm);
    replica.dropConnections();
    log.info("{} no longer leads; its clients go to the leader", self);
  }

  @Override
  public String elsewhere() {
    try {
      DivisionInfo info = server.getDivision(GROUP).getInfo();
      if (ready && info.isLeaderReady()) {
        return null;
      }
      RaftPeerId leader = info.getLeaderId();
      Peer peer = leader == null ? null : peers.get(leader.toString());
      return peer == null || leader.equals(self) ? "" : peer.clientAddress();
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Who leads (this server), in which term, every member with its client address, and how far each
   * member's log is committed, as this leader last heard (the member ids in the order of the
   * members, with their commit indexes).
   */
  private ArrayList<Object> cluster() {
    ArrayList<Object> members = new ArrayList<>();
    peers.values().forEach(peer -> members.add(peer.id() + "=" + peer.clientAddress()));
    Map<String, Long> heard = new HashMap<>();
    try {
      for (CommitInfoProto info : server.getDivision(GROUP).getCommitInfos()) {
        heard.put(RaftPeerId.valueOf(info.getServer().getId()).toString(), info.getCommitIndex());
      }
    } catch (IOException e) {
      log.debug("the members' commit indexes cannot be read", e);
    }
    ArrayList<Object> committed = new ArrayList<>();
    Iterable<String> ids = peers.isEmpty() ? List.of(self.toString()) : peers.keySet();
    for (String id : ids) {
      committed.add(id);
      committed.add(heard.getOrDefault(id, -1L));
    }
    return new ArrayList<>(List.of(self.toString(), term, members, committed));
  }

  @Override
  public void closed(long id) {
    leases.closed(id);
  }

  @Override
  public int leaseMillis() {
    return leaseMillis;
  }

  @Override
  public boolean resumable(long id, boolean admin) {
    Session session = replica.session(id);
    return ready && session != null && (admin || !session.isAdmin()) && leases.stop(id);
  }

  @Override
  public Session.Inputs resume(long id, ClientLink link) {
    replica.reattach(id, link);
    log.debug("session {} resumed by {}", id, link.client());
    return new Connected(id, 0, link, CompletableFuture.completedFuture(null));
  }

  /**
   * Numbers sessions by the leader's term and their order in it, so that no two leaders, nor two
   * runs of one server, ever give out the same id.
   */
  @Override
  public long newSessionId() {
    return (term << 32) | sessionIds.incrementAndGet();
  }

  /** The state as the log has applied it so far. */
  ManagerState state() {
    return replica.state();
  }

  @Override
  public Session.Inputs connect(long id, boolean admin, ClientLink link) {
    replica.attach(id, link);
    CompletableFuture<Void> opened = new CompletableFuture<>();
    long entry = proposer.open(id, admin, opened);
    // the welcome waits for the open: whoever leads next must know every session a client was
    // welcomed to
    return new Connected(id, entry, link, opened);
  }

  /**
   * The inputs of one connection's session, handed over on its event loop. A request that only
   * reads is answered from the state as applied, without the log, once everything the session sent
   * before it is applied (at once, or right after the entry that holds the last of it): it sees
   * every write acknowledged to anyone, and its own, and none its session sent after it. Only when
   * the session's last input still waits to go out does the read go into the log behind it.
   *
   * <p>In a cluster such a read also waits for a ReadIndex round, which ends when it ends: the
   * requests and cancels its session sends after it are held, in order, until it is answered, so
   * that none of them takes effect before it reads (reads sent after it need not wait for it, and
   * do not, unless something is held before them).
   */
  private final class Connected implements Session.Inputs {
    private final long id;
    private final ClientLink link;
    private final CompletableFuture<Void> opened;
    private long lastEntry;

    /** This session's reads in a ReadIndex round, not answered yet. */
    private final AtomicInteger inRound = new AtomicInteger();

    /** The inputs held until the reads before them are answered; touched on the event loop. */
    private final ArrayDeque<Held> held = new ArrayDeque<>();

    Connected(long id, long openEntry, ClientLink link, CompletableFuture<Void> opened) {
      this.id = id;
      this.link = link;
      this.lastEntry = openEntry;
      this.opened = opened;
    }

    @Override
    public CompletableFuture<Void> opened() {
      return opened;
    }

    @Override
    public void request(Message.Request request) {
      // nothing is held and no read is in a round but in a cluster: the usual case costs two reads
      if (held.isEmpty() && inRound.get() == 0) {
        handle(request);
        return;
      }
      boolean read = ReadOps.isRead(request.op());
      if (held.isEmpty() && read) {
        handle(request);
      } else {
        held.add(new Held(read, () -> handle(request)));
      }
    }

    private void handle(Message.Request request) {
      if (!ready) {
        // leadership was lost while this connection was being opened
        link.drop();
        return;
      }
      if (request.op() == ManagerOp.CLUSTER) {
        link.send(new Message.Reply(request.id(), cluster()), null);
        return;
      }
      if (request.op() == ManagerOp.STEP_DOWN && reads != null) {
        stepDown(request);
        return;
      }
      if (ReadOps.isLocal(request.op())) {
        read(request);
        return;
      }
      // a read waits for the entries that hold its session's earlier inputs, outside the log; but
      // if the last of them still gathers inputs, it goes in too, before the inputs sent after it
      if (ReadOps.isRead(request.op()) && proposer.written(lastEntry)) {
        if (reads == null) {
          proposer.afterApplied(lastEntry, () -> read(request));
          return;
        }
        inRound.incrementAndGet();
        Runnable answer = () -> readInRound(request);
        if (proposer.applied(lastEntry)) {
          reads.then(answer);
        } else {
          // the round asks Ratis, which its applying thread must not
          proposer.afterApplied(lastEntry, () -> timer.execute(() -> reads.then(answer)));
        }
        return;
      }
      lastEntry = proposer.request(id, request);
    }

    /**
     * Answers a STEP_DOWN of an admin session: true if this member is the one named, which then
     * steps down, once the answer is on its way; false otherwise.
     */
    private void stepDown(Message.Request request) {
      Session session = replica.session(id);
      if (session == null || !session.isAdmin()) {
        OpException forbidden = ManagerOps.forbidden(ManagerOp.STEP_DOWN);
        link.send(
            new Message.Failure(request.id(), forbidden.code(), forbidden.getMessage()), null);
        return;
      }
      boolean named = request.args().size() == 1 && self.toString().equals(request.args().get(0));
      link.send(new Message.Reply(request.id(), named), null);
      if (named) {
        timer.execute(DurableLog.this::stepDown);
      }
    }

    /** Answers a read whose round is over; the last of them lets the held inputs go. */
    private void readInRound(Message.Request request) {
      read(request);
      if (inRound.decrementAndGet() == 0) {
        link.execute(this::release);
      }
    }

    /** Handles the held inputs in order, up to one that must still wait for reads. */
    private void release() {
      Held next;
      while ((next = held.peek()) != null && (next.read() || inRound.get() == 0)) {
        held.poll();
        next.input().run();
      }
    }

    /** Answers a read from the state as applied, unless the session is gone by now. */
    private void read(Message.Request request) {
      ManagerState state = replica.state();
      Session session = state.session(id);
      if (session != null) {
        state.read(session, request);
      }
    }

    @Override
    public void cancel(long requestId) {
      if (!held.isEmpty()) {
        held.add(new Held(false, () -> logCancel(requestId)));
        return;
      }
      logCancel(requestId);
    }

    private void logCancel(long requestId) {
      lastEntry = proposer.about(Batch.Kind.CANCEL, id, requestId);
    }

    @Override
    public void acknowledged(long[] ids) {
      lastEntry = proposer.acknowledged(id, ids);
    }

    /**
     * The client closed its connection, or died: its session closes at once, as in memory, unless
     * its client has resumed it on another connection since.
     */
    @Override
    public void close() {
      // what its client sent before it closed takes effect first, as in memory
      if (!held.isEmpty()) {
        held.add(new Held(false, this::closeNow));
        return;
      }
      closeNow();
    }

    private void closeNow() {
      if (current()) {
        logClose(id);
      }
    }

    /** The connection was lost, its client perhaps alive: the session waits out its lease. */
    @Override
    public void lost() {
      // never logged, so never answered: its client sends them again when it resumes
      held.clear();
      if (current()) {
        leases.start(id);
      }
    }

    /** Whether this server leads and this connection is still its session's. */
    private boolean current() {
      return ready && replica.link(id) == link;
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

  /** An input held until the reads its session sent before it are answered. */
  private record Held(boolean read, Runnable input) {}

  /**
   * Times a deadline on the leader's clock; at it, logs the call's expiry. A member that does not
   * lead times nothing: the leader, or the next one, does.
   */
  @Override
  public Future<?> arm(Waiters.Waiter<?> waiter) {
    if (!ready) {
      return null;
    }
    long armedIn = reign;
    long session = waiter.call.session().id();
    long requestId = waiter.call.id();
    long delay = waiter.deadline() - epochNanos();
    return timer.schedule(
        () -> {
          if (ready && reign == armedIn) {
            proposer.about(Batch.Kind.EXPIRE, session, requestId);
          }
        },
        Math.max(0, delay),
        TimeUnit.NANOSECONDS);
  }

  /**
   * Logs a session's close, which releases what it held and puts back what its unacknowledged
   * answers handed out; first, as delivered, the answers that may have reached its client: those
   * this server wrote to it, as in memory, and those kept since before it led, which an earlier
   * leader may have written.
   */
  private void logClose(long id) {
    Session session = replica.session(id);
    long[] delivered = session == null ? new long[0] : session.writtenUnacknowledged();
    if (delivered.length > 0) {
      proposer.acknowledged(id, delivered);
    }
    proposer.close(id);
  }

  /** A session's lease ran out: logs its close, which releases what it held. */
  private void expire(long session) {
    if (ready) {
      log.info("session {} closed: no client came back to it within its lease", session);
      logClose(session);
    }
  }

  /** Runs a ReadIndex round: completes once a majority has confirmed that this server leads. */
  private CompletableFuture<RaftClientReply> confirmLeading() {
    return send(
        reader,
        readCalls.incrementAndGet(),
        org.apache.ratis.protocol.Message.EMPTY,
        RaftClientRequest.readRequestType());
  }

  /**
   * Gives up leading, if this member leads: the members elect a leader again, this one possibly,
   * and the next leader knows nothing yet of what each follower's log holds, so it finds out anew
   * and sends the newest snapshot to a member whose log lacks what it removed. (A leader takes a
   * follower's word for what it has stored, so one that lost its disk and came back empty is
   * otherwise never sent anything.) Its clients go to the next leader.
   */
  private void stepDown() {
    log.info("{} steps down, as an admin asked", self);
    try {
      server
          .transferLeadershipAsync(
              new TransferLeadershipRequest(
                  reader,
                  self,
                  GROUP,
                  readCalls.incrementAndGet(),
                  null,
                  ELECTION_MAX.toLong(TimeUnit.MILLISECONDS)))
          .whenComplete(
              (reply, failure) -> {
                Throwable why =
                    failure != null ? failure : reply.isSuccess() ? null : reply.getException();
                if (why != null) {
                  log.warn("{} could not step down: {}", self, why.toString());
                }
              });
    } catch (IOException e) {
      log.warn("{} could not step down: {}", self, e.toString());
    }
  }

  /** An entry is applied: if this server wrote it in this run, reads waiting for it may go on. */
  @Override
  public void applied(StateMachineLogEntryProto entry) {
    if (entry.getClientId().equals(writerBytes)) {
      proposer.entryApplied(entry.getCallId());
    }
  }

  private long epochNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * Writes an entry; fails when it is refused, which Ratis says in a reply rather than a failure.
   */
  private CompletableFuture<RaftClientReply> write(long number, byte[] entry) {
    return send(
        writer,
        number,
        org.apache.ratis.protocol.Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)),
        RaftClientRequest.writeRequestType());
  }

  /**
   * Sends a request to this server's own member of the group; fails when it is refused. The future
   * completes on the timer thread, never on one of Ratis's: what it sets off (the next entry, the
   * next ReadIndex round, the reads of the last) calls into Ratis again, which must not happen on a
   * thread that may hold Ratis's locks (it deadlocked a leader, which then held its server's lock
   * and answered no vote).
   */
  private CompletableFuture<RaftClientReply> send(
      ClientId client,
      long callId,
      org.apache.ratis.protocol.Message message,
      RaftClientRequest.Type type) {
    CompletableFuture<RaftClientReply> result = new CompletableFuture<>();
    submit(client, callId, message, type)
        .whenCompleteAsync(
            (reply, failure) -> {
              if (failure != null) {
                result.completeExceptionally(failure);
              } else if (reply.isSuccess()) {
                result.complete(reply);
              } else {
                result.completeExceptionally(reply.getException());
              }
            },
            timer);
    return result;
  }

  private CompletableFuture<RaftClientReply> submit(
      ClientId client,
      long callId,
      org.apache.ratis.protocol.Message message,
      RaftClientRequest.Type type) {
    try {
      return member()
          .submitClientRequestAsync(
              RaftClientRequest.newBuilder()
                  .setClientId(client)
                  .setServerId(self)
                  .setGroupId(GROUP)
                  .setCallId(callId)
                  .setMessage(message)
                  .setType(type)
                  .build());
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * This server's member of the group. Ratis' server hands each request to a thread of its own and
   * waits until that thread has appended it; the member, which serves the same interface, appends
   * it on the caller's thread: the same wait, with two thread switches fewer.
   */
  private RaftClientAsynchronousProtocol member() throws IOException {
    RaftClientAsynchronousProtocol known = member;
    if (known == null) {
      RaftServer.Division division = server.getDivision(GROUP);
      known =
          division instanceof RaftClientAsynchronousProtocol direct
              ? direct
              : server::submitClientRequestAsync;
      member = known;
    }
    return known;
  }

  private void failed(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (closed || !ready || cause instanceof NotLeaderException) {
      log.debug("not written or confirmed: this server no longer leads", failure);
    } else {
      log.error("a log entry could not be written; its callers are not answered", failure);
    }
  }

  /** Stops applying and writing, after a snapshot of the state as applied. */
  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    timer.shutdownNow();
  }
}
