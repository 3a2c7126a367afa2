package io.jmanager.server;

import io.jmanager.protocol.Frames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** How a {@link ManagerServer} listens and whom it lets in; build one with {@link #builder()}. */
public final class ServerConfig {
  /** Default port, as Python's examples use. */
  public static final int DEFAULT_PORT = 50000;

  /**
   * The I/O budget holds at least this many of the largest requests: half of it is inbound, where a
   * large request reserves three times its length.
   */
  static final long MIN_IO_FRAMES = 6;

  /**
   * The smallest I/O budget for these limits: its inbound half holds three times the largest
   * request, and its outbound half the largest answer, so that one answer alone never makes the
   * server close its connection.
   */
  static long smallestIoBytes(int maxFrameBytes, int maxReplyBytes) {
    return Math.max(MIN_IO_FRAMES * maxFrameBytes, 2L * maxReplyBytes);
  }

  /** Default size at which the durable mode starts a new file of its log: 32 MiB. */
  public static final long DEFAULT_LOG_SEGMENT_BYTES = 32L * 1024 * 1024;

  /** The smallest file of the durable log: 16 KiB. */
  public static final long MIN_LOG_SEGMENT_BYTES = 16 * 1024;

  /** Default largest frame after authentication: 16 MiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

  /**
   * The default largest reply: 64 MiB, or a sixteenth of the heap if less (at least 1 MiB), so that
   * on a small heap the I/O budget, which holds two of them, stays a fraction of it.
   */
  public static int defaultMaxReplyBytes() {
    long sixteenth = Runtime.getRuntime().maxMemory() / 16;
    return (int) Math.min(64 * 1024 * 1024, Math.max(1024 * 1024, sixteenth));
  }

  private final String host;
  private final int port;
  private final byte[] authkey;
  private final byte[] adminAuthkey;
  private final int maxFrameBytes;
  private final int maxReplyBytes;
  private final Duration handshakeTimeout;
  private final int maxConnections;
  private final int maxConnectionsPerAddress;
  private final int maxHandshakes;
  private final int maxHandshakesPerAddress;
  private final int maxFailedHandshakes;
  private final Duration keepaliveIdle;
  private final Duration keepaliveInterval;
  private final int keepaliveCount;
  private final int maxInFlightPerConnection;
  private final int maxParkedWaiters;
  private final int outputHighWaterBytes;
  private final long maxOutputBytes;
  private final long maxIoBytes;
  private final long maxMemoryBytes;
  private final Duration idleTimeout;
  private final String healthHost;
  private final int healthPort;
  private final Map<String, String> types;
  private final List<String> valueClasses;
  private final List<Path> pluginJars;
  private final Path tlsCertificate;
  private final Path tlsKey;
  private final Path tlsClientCa;
  private final Path dataDir;
  private final long snapshotEvery;
  private final long logSegmentBytes;
  private final String nodeId;
  private final List<Peer> peers;
  private final Duration sessionLease;
  private final PeerTls peerTls;

  private ServerConfig(Builder builder) {
    host = builder.host;
    port = builder.port;
    authkey = builder.authkey.clone();
    adminAuthkey = builder.adminAuthkey.clone();
    maxFrameBytes = builder.maxFrameBytes;
    maxReplyBytes = builder.maxReplyBytes;
    handshakeTimeout = builder.handshakeTimeout;
    maxConnections = builder.maxConnections;
    maxConnectionsPerAddress = builder.maxConnectionsPerAddress;
    maxHandshakes = builder.maxHandshakes;
    maxHandshakesPerAddress = builder.maxHandshakesPerAddress;
    maxFailedHandshakes = builder.maxFailedHandshakes;
    keepaliveIdle = builder.keepaliveIdle;
    keepaliveInterval = builder.keepaliveInterval;
    keepaliveCount = builder.keepaliveCount;
    maxInFlightPerConnection = builder.maxInFlightPerConnection;
    maxParkedWaiters = builder.maxParkedWaiters;
    outputHighWaterBytes = builder.outputHighWaterBytes;
    maxOutputBytes = builder.maxOutputBytes;
    maxIoBytes = builder.maxIoBytes;
    maxMemoryBytes = builder.maxMemoryBytes;
    idleTimeout = builder.idleTimeout;
    healthHost = builder.healthHost;
    healthPort = builder.healthPort;
    types = Map.copyOf(builder.types);
    valueClasses = List.copyOf(builder.valueClasses);
    pluginJars = List.copyOf(builder.pluginJars);
    tlsCertificate = builder.tlsCertificate;
    tlsKey = builder.tlsKey;
    tlsClientCa = builder.tlsClientCa;
    dataDir = builder.dataDir;
    snapshotEvery = builder.snapshotEvery;
    logSegmentBytes = builder.logSegmentBytes;
    nodeId = builder.nodeId;
    peers = builder.nodeId == null ? List.of() : Peer.parseList(builder.peers, builder.port);
    sessionLease = builder.sessionLease;
    peerTls = builder.peerTls;
  }

  /** Returns a builder with the defaults: 127.0.0.1, port 50000, no authkey, 16 MiB frames. */
  public static Builder builder() {
    return new Builder();
  }

  /** The address to bind. */
  public String host() {
    return host;
  }

  /** The port to bind; 0 picks a free one. */
  public int port() {
    return port;
  }

  /** The shared secret clients must prove they hold; empty means none (loopback only). */
  public byte[] authkey() {
    return authkey.clone();
  }

  /**
   * The key of administrators: a connection that proves it holds this key may run admin operations
   * (shutdown, list sessions, release a lock, delete an object); one that proves the data key may
   * not. Empty means none: then the data key allows everything, as Python's authkey does.
   */
  public byte[] adminAuthkey() {
    return adminAuthkey.clone();
  }

  /** The largest frame accepted from an authenticated client. */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /**
   * The largest reply body sent; a call whose answer would be larger fails with TOO_LARGE and takes
   * nothing.
   */
  public int maxReplyBytes() {
    return maxReplyBytes;
  }

  /** How long a new connection may take to authenticate. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /**
   * Authenticated connections open at once, overall; one more is refused as busy when it has proved
   * its key. Connections still in their handshake do not count: see {@link #maxHandshakes()}.
   */
  public int maxConnections() {
    return maxConnections;
  }

  /** Authenticated connections open at once from one remote address. */
  public int maxConnectionsPerAddress() {
    return maxConnectionsPerAddress;
  }

  /**
   * Connections in their handshake at once, overall; when one more comes, the oldest handshake is
   * refused as busy to make room, so idle handshakes cannot keep key holders out.
   */
  public int maxHandshakes() {
    return maxHandshakes;
  }

  /**
   * Connections in their handshake at once from one remote address; one more is refused as busy.
   */
  public int maxHandshakesPerAddress() {
    return maxHandshakesPerAddress;
  }

  /**
   * Failed handshakes (wrong key, garbage, timeout, a connection closed before its handshake ended)
   * one address may have in {@link ConnectionLimits#FAILURE_WINDOW}; past it, its new connections,
   * and the AUTH of connections it opened before, are refused until the window ends.
   */
  public int maxFailedHandshakes() {
    return maxFailedHandshakes;
  }

  /** How long a connection is silent before TCP keepalive probes its peer. */
  public Duration keepaliveIdle() {
    return keepaliveIdle;
  }

  /** The time between TCP keepalive probes that get no answer. */
  public Duration keepaliveInterval() {
    return keepaliveInterval;
  }

  /** Unanswered TCP keepalive probes after which the connection is dropped. */
  public int keepaliveCount() {
    return keepaliveCount;
  }

  /** Calls of one connection the server holds unanswered at once (parked calls). */
  public int maxInFlightPerConnection() {
    return maxInFlightPerConnection;
  }

  /** Calls parked on the server at once, over all connections. */
  public int maxParkedWaiters() {
    return maxParkedWaiters;
  }

  /**
   * Unsent answer bytes at which the server stops reading a connection's requests, until its client
   * has read enough of them.
   */
  public int outputHighWaterBytes() {
    return outputHighWaterBytes;
  }

  /** Unsent answer bytes at which a connection whose client does not read is closed. */
  public long maxOutputBytes() {
    return maxOutputBytes;
  }

  /**
   * The budget for bytes in transit over all connections, half for answers not yet sent and half
   * for requests still arriving and what decoding them allocates. By default a quarter of the heap,
   * or six of the largest requests and two of the largest answers if that is more.
   */
  public long maxIoBytes() {
    return maxIoBytes > 0
        ? maxIoBytes
        : Math.max(
            Runtime.getRuntime().maxMemory() / 4, smallestIoBytes(maxFrameBytes, maxReplyBytes));
  }

  /**
   * The budget for the data the shared objects hold: past it, calls that would add to it are
   * refused with MEMORY. By default half of the heap.
   */
  public long maxMemoryBytes() {
    return maxMemoryBytes > 0 ? maxMemoryBytes : Runtime.getRuntime().maxMemory() / 2;
  }

  /**
   * How long a connection may stay silent, with nothing parked or held, before it is closed; zero
   * for never.
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** The address the health port binds. */
  public String healthHost() {
    return healthHost;
  }

  /** The health port: -1 for none, 0 for any free port. */
  public int healthPort() {
    return healthPort;
  }

  /** User types: interface name to implementation class name, for {@code Manager.object}. */
  public Map<String, String> types() {
    return types;
  }

  /** Value classes the user types' methods take or return, registered with Kryo. */
  public List<String> valueClasses() {
    return valueClasses;
  }

  /** Jars holding the user types and value classes. */
  public List<Path> pluginJars() {
    return pluginJars;
  }

  /** The PEM file of the server's certificate chain; empty when TLS is off. */
  public Optional<Path> tlsCertificate() {
    return Optional.ofNullable(tlsCertificate);
  }

  /** The PEM file of the server certificate's private key; empty when TLS is off. */
  public Optional<Path> tlsKey() {
    return Optional.ofNullable(tlsKey);
  }

  /**
   * The directory of the durable log, which every acknowledged operation is in before its answer;
   * empty in memory, where the objects live only as long as the process.
   */
  public Optional<Path> dataDir() {
    return Optional.ofNullable(dataDir);
  }

  /**
   * How many log entries the durable mode applies between two snapshots of the whole state; a
   * restart applies at most about this many entries after the newest snapshot.
   */
  public long snapshotEvery() {
    return snapshotEvery;
  }

  /**
   * The size at which the durable mode closes a file of its log and starts the next; a snapshot
   * removes the closed files it covers.
   */
  public long logSegmentBytes() {
    return logSegmentBytes;
  }

  /** This server's id among the cluster's members; empty unless it is a member of a cluster. */
  public Optional<String> nodeId() {
    return Optional.ofNullable(nodeId);
  }

  /** Every member of the cluster, this server included, as given; empty unless in a cluster. */
  List<Peer> peers() {
    return peers;
  }

  /**
   * The files of mutual TLS between the members of a cluster: each member's certificate chain and
   * key (PEM, the key unencrypted PKCS#8), and the CAs that sign every member's certificate.
   */
  public record PeerTls(Path certificateChain, Path privateKey, Path ca) {}

  /** Mutual TLS between the members of a cluster; empty when their traffic is plaintext. */
  public Optional<PeerTls> peerTls() {
    return Optional.ofNullable(peerTls);
  }

  /**
   * How long the durable mode keeps a session whose connection is lost without a close, so that its
   * client can come back to it (at another member, after a failover) with its locks still held and
   * its parked calls still parked.
   */
  public Duration sessionLease() {
    return sessionLease;
  }

  /**
   * The PEM file of the CAs that must have signed each client's certificate; empty unless mutual
   * TLS is on.
   */
  public Optional<Path> tlsClientCa() {
    return Optional.ofNullable(tlsClientCa);
  }

  /** Builds a {@link ServerConfig}; every setter checks its argument at once. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private byte[] authkey = new byte[0];
    private byte[] adminAuthkey = new byte[0];
    private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
    private int maxReplyBytes = defaultMaxReplyBytes();
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private int maxConnections = 10_000;
    private int maxConnectionsPerAddress = 1_000;
    private int maxHandshakes = 1_024;
    private int maxHandshakesPerAddress = 64;
    private int maxFailedHandshakes = 20;
    private Duration keepaliveIdle = Duration.ofSeconds(15);
    private Duration keepaliveInterval = Duration.ofSeconds(5);
    private int keepaliveCount = 3;
    private int maxInFlightPerConnection = 16_384;
    private int maxParkedWaiters = 262_144;
    private int outputHighWaterBytes = 4 * 1024 * 1024;
    private long maxOutputBytes = 256L * 1024 * 1024;
    private long maxIoBytes;
    private long maxMemoryBytes;
    private Duration idleTimeout = Duration.ZERO;
    private String healthHost = "127.0.0.1";
    private int healthPort = -1;
    private final Map<String, String> types = new LinkedHashMap<>();
    private final List<String> valueClasses = new ArrayList<>();
    private final List<Path> pluginJars = new ArrayList<>();
    private Path tlsCertificate;
    private Path tlsKey;
    private Path tlsClientCa;
    private Path dataDir;
    private long snapshotEvery = 100_000;
    private long logSegmentBytes = DEFAULT_LOG_SEGMENT_BYTES;
    private String nodeId;
    private String peers;
    private Duration sessionLease = Duration.ofSeconds(10);
    private PeerTls peerTls;

    private Builder() {}

    /**
     * Installs a user type, Python's {@code register()}: clients calling {@code
     * Manager.object(name, interfaceName's class)} get an instance of {@code implementation}, a
     * class with a public no-arg constructor that implements the interface.
     */
    public Builder type(String interfaceName, String implementation) {
      types.put(Objects.requireNonNull(interfaceName), Objects.requireNonNull(implementation));
      return this;
    }

    /** Registers a class the user types' methods take or return, as clients register it. */
    public Builder valueClass(String className) {
      valueClasses.add(Objects.requireNonNull(className));
      return this;
    }

    /**
     * Makes the server durable: every operation is written to a log in {@code dir} (created if
     * missing) before it is answered, and a server restarted on the same directory has every object
     * back as the acknowledged operations left it.
     */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Sets how many log entries the durable mode applies between two snapshots (default 100,000):
     * fewer make restarts shorter and cost a write of the whole state more often.
     */
    public Builder snapshotEvery(long entries) {
      if (entries < 1) {
        throw new IllegalArgumentException(
            "snapshot interval must be at least 1 entry, not " + entries);
      }
      this.snapshotEvery = entries;
      return this;
    }

    /**
     * Sets the size at which the durable mode closes a file of its log and starts the next (default
     * 32 MiB, at least {@value #MIN_LOG_SEGMENT_BYTES}): a snapshot removes only closed files, so
     * the log keeps about this much on disk besides what the newest snapshot does not cover. An
     * entry larger than this gets a file of its own.
     */
    public Builder logSegmentBytes(long bytes) {
      if (bytes < MIN_LOG_SEGMENT_BYTES) {
        throw new IllegalArgumentException(
            "a log segment must hold at least " + MIN_LOG_SEGMENT_BYTES + " bytes, not " + bytes);
      }
      this.logSegmentBytes = bytes;
      return this;
    }

    /**
     * Makes this durable server member {@code nodeId} of a cluster whose members {@code peers}
     * lists, this one included, as {@code id=host:raftport} or {@code id=host:raftport:clientport}
     * separated by commas (the client port defaults to this server's port). Every member is given
     * the same list; the cluster's leader serves the clients, and the others send them to it.
     */
    public Builder cluster(String nodeId, String peers) {
      this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
      this.peers = Objects.requireNonNull(peers, "peers");
      return this;
    }

    /**
     * Turns mutual TLS on between the members of a cluster: each member presents {@code
     * certificateChain} (its certificate, then any intermediate CA certificates, PEM; valid for
     * both TLS server and client use, and naming the host its peers reach it at) with {@code
     * privateKey} (unencrypted PKCS#8 PEM), and accepts only members whose certificates a CA in
     * {@code ca} signed. Every member must have it. The files are read when the server starts.
     */
    public Builder peerTls(Path certificateChain, Path privateKey, Path ca) {
      this.peerTls =
          new PeerTls(
              Objects.requireNonNull(certificateChain, "certificateChain"),
              Objects.requireNonNull(privateKey, "privateKey"),
              Objects.requireNonNull(ca, "ca"));
      return this;
    }

    /**
     * Sets how long the durable mode keeps a session whose connection is lost without a close
     * (default 10 s): its client may come back to it within that time.
     */
    public Builder sessionLease(Duration lease) {
      if (lease.compareTo(Duration.ofMillis(100)) < 0) {
        throw new IllegalArgumentException("a session lease is at least 100 ms, not " + lease);
      }
      this.sessionLease = lease;
      return this;
    }

    /** Adds a jar to load user types and value classes from. */
    public Builder pluginJar(Path jar) {
      pluginJars.add(Objects.requireNonNull(jar));
      return this;
    }

    /** Sets the address to bind, such as 127.0.0.1 or 0.0.0.0. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Sets the port, 0 to 65535; 0 picks a free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Opens a health port on {@code host}: each connection to it reads one line, {@code ready}
     * while the server serves and {@code stopping} once it shuts down, and is closed. The line is
     * written by the event loops that serve clients, so a stalled server does not answer. Port 0
     * picks a free one; -1 (the default) opens none.
     */
    public Builder healthPort(String host, int port) {
      if (port < -1 || port > 65535) {
        throw new IllegalArgumentException("health port must be -1 to 65535, not " + port);
      }
      this.healthHost = Objects.requireNonNull(host, "host");
      this.healthPort = port;
      return this;
    }

    /** Sets the authkey; an empty key is only accepted on a loopback address. */
    public Builder authkey(byte[] authkey) {
      this.authkey = Arrays.copyOf(Objects.requireNonNull(authkey, "authkey"), authkey.length);
      return this;
    }

    /**
     * Sets the admin key, which alone then allows admin operations; empty (the default) lets the
     * data key do everything.
     */
    public Builder adminAuthkey(byte[] adminAuthkey) {
      this.adminAuthkey =
          Arrays.copyOf(Objects.requireNonNull(adminAuthkey, "adminAuthkey"), adminAuthkey.length);
      return this;
    }

    /** Sets the largest frame accepted after authentication, at least 1 KiB. */
    public Builder maxFrameBytes(int maxFrameBytes) {
      if (maxFrameBytes < 1024) {
        throw new IllegalArgumentException("max frame bytes must be at least 1024");
      }
      this.maxFrameBytes = maxFrameBytes;
      return this;
    }

    /**
     * Sets the largest reply body sent (default {@link #defaultMaxReplyBytes()}: 64 MiB, or a
     * sixteenth of the heap if less), from 1 KiB to 1 GiB, the most a client accepts. A call whose
     * answer would be larger fails with TOO_LARGE ({@code TooLargeException} on the client) and
     * takes nothing out of its object.
     */
    public Builder maxReplyBytes(int maxReplyBytes) {
      if (maxReplyBytes < 1024 || maxReplyBytes > Frames.MAX_REPLY_BYTES) {
        throw new IllegalArgumentException(
            "max reply bytes must be from 1024 to "
                + Frames.MAX_REPLY_BYTES
                + ", not "
                + maxReplyBytes);
      }
      this.maxReplyBytes = maxReplyBytes;
      return this;
    }

    /** Sets how long a connection may take to authenticate before it is closed. */
    public Builder handshakeTimeout(Duration handshakeTimeout) {
      if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
        throw new IllegalArgumentException("handshake timeout must be positive");
      }
      this.handshakeTimeout = handshakeTimeout;
      return this;
    }

    /** Sets how many authenticated connections may be open at once (default 10,000). */
    public Builder maxConnections(int max) {
      this.maxConnections = atLeastOne(max, "max connections");
      return this;
    }

    /**
     * Sets how many authenticated connections one remote address may have open at once (default
     * 1,000).
     */
    public Builder maxConnectionsPerAddress(int max) {
      this.maxConnectionsPerAddress = atLeastOne(max, "max connections per address");
      return this;
    }

    /**
     * Sets how many connections may be in their handshake at once (default 1,024); see {@link
     * ServerConfig#maxHandshakes()}.
     */
    public Builder maxHandshakes(int max) {
      this.maxHandshakes = atLeastOne(max, "max handshakes");
      return this;
    }

    /**
     * Sets how many connections one remote address may have in their handshake at once (default
     * 64).
     */
    public Builder maxHandshakesPerAddress(int max) {
      this.maxHandshakesPerAddress = atLeastOne(max, "max handshakes per address");
      return this;
    }

    /** Sets how many failed handshakes an address may have per minute (default 20). */
    public Builder maxFailedHandshakes(int max) {
      this.maxFailedHandshakes = atLeastOne(max, "max failed handshakes");
      return this;
    }

    /**
     * Sets TCP keepalive: after {@code idle} of silence the operating system probes the peer every
     * {@code interval}, and drops the connection after {@code count} probes without an answer, so a
     * peer that vanished is found after idle + count x interval (default 15 s, 5 s and 3: 30 s).
     * With epoll, TCP_USER_TIMEOUT gets the same total, so a peer that vanished with data in flight
     * to it is dropped as soon. Times are whole seconds, 1 to 32,767; the count is 1 to 127. Where
     * the operating system cannot set them, its own defaults apply.
     */
    public Builder keepalive(Duration idle, Duration interval, int count) {
      this.keepaliveIdle = keepaliveSeconds(idle, "keepalive idle");
      this.keepaliveInterval = keepaliveSeconds(interval, "keepalive interval");
      if (count < 1 || count > 127) {
        throw new IllegalArgumentException("keepalive count must be 1 to 127, not " + count);
      }
      this.keepaliveCount = count;
      return this;
    }

    /** Sets how many calls of one connection may be parked at once (default 16,384). */
    public Builder maxInFlightPerConnection(int max) {
      this.maxInFlightPerConnection = atLeastOne(max, "max in-flight calls per connection");
      return this;
    }

    /** Sets how many calls may be parked at once over all connections (default 262,144). */
    public Builder maxParkedWaiters(int max) {
      this.maxParkedWaiters = atLeastOne(max, "max parked waiters");
      return this;
    }

    /**
     * Sets the output limits of a connection: at {@code highWaterBytes} of unsent answers the
     * server stops reading its requests (default 4 MiB), at {@code maxBytes} it closes it (default
     * 256 MiB). The hard limit must be above the high-water mark, which is at least 64 KiB.
     */
    public Builder outputLimits(int highWaterBytes, long maxBytes) {
      if (highWaterBytes < 64 * 1024) {
        throw new IllegalArgumentException("output high-water mark must be at least 64 KiB");
      }
      if (maxBytes <= highWaterBytes) {
        throw new IllegalArgumentException(
            "max output bytes must be above the high-water mark of " + highWaterBytes);
      }
      this.outputHighWaterBytes = highWaterBytes;
      this.maxOutputBytes = maxBytes;
      return this;
    }

    /**
     * Sets the budget for bytes in transit over all connections, half for answers not yet sent,
     * half for requests still arriving and what decoding them allocates; 0 for the default, a
     * quarter of the heap or six of the largest requests and two of the largest answers if that is
     * more. Otherwise at least that.
     */
    public Builder maxIoBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("max I/O bytes must not be negative");
      }
      this.maxIoBytes = bytes;
      return this;
    }

    /**
     * Sets the budget for the data the shared objects hold; 0 for the default, half of the heap.
     * Past it, calls that would add data are refused; reads and removals go on.
     */
    public Builder maxMemoryBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("max memory bytes must not be negative");
      }
      this.maxMemoryBytes = bytes;
      return this;
    }

    /**
     * Sets how long a connection may stay silent, with no call parked and nothing held, before it
     * is closed; zero (the default) for never.
     */
    public Builder idleTimeout(Duration idleTimeout) {
      if (idleTimeout.isNegative()) {
        throw new IllegalArgumentException("idle timeout must not be negative");
      }
      this.idleTimeout = idleTimeout;
      return this;
    }

    /**
     * Turns TLS on: every client must then connect with TLS (1.2 or 1.3), and plaintext clients are
     * refused. {@code certificateChain} is a PEM file holding the server's certificate, then any
     * intermediate CA certificates; {@code privateKey} a PEM file holding its key as unencrypted
     * PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), RSA or EC. The files are read when the server
     * starts.
     */
    public Builder tls(Path certificateChain, Path privateKey) {
      this.tlsCertificate = Objects.requireNonNull(certificateChain, "certificateChain");
      this.tlsKey = Objects.requireNonNull(privateKey, "privateKey");
      return this;
    }

    /**
     * Turns mutual TLS on: a client must present a certificate signed by one of the CAs in this PEM
     * file, or its TLS handshake fails. Needs {@link #tls}.
     */
    public Builder tlsClientCa(Path caCertificates) {
      this.tlsClientCa = Objects.requireNonNull(caCertificates, "caCertificates");
      return this;
    }

    private static Duration keepaliveSeconds(Duration time, String what) {
      long seconds = time.getSeconds();
      if (time.getNano() != 0 || seconds < 1 || seconds > 32_767) {
        throw new IllegalArgumentException(
            what + " must be whole seconds, 1 to 32767, not " + time);
      }
      return time;
    }

    private static int atLeastOne(int value, String what) {
      if (value < 1) {
        throw new IllegalArgumentException(what + " must be at least 1, not " + value);
      }
      return value;
    }

    /**
     * Returns the configuration; throws {@link IllegalArgumentException} when the admin key equals
     * the data key or the I/O budget holds fewer than six of the largest requests or four of the
     * largest answers, and {@link IllegalStateException} when a client CA is set without {@link
     * #tls}.
     */
    public ServerConfig build() {
      if (adminAuthkey.length > 0 && Arrays.equals(adminAuthkey, authkey)) {
        throw new IllegalArgumentException("the admin key must differ from the data key");
      }
      if (maxIoBytes > 0 && maxIoBytes < smallestIoBytes(maxFrameBytes, maxReplyBytes)) {
        throw new IllegalArgumentException(
            "max I/O bytes must hold six of the largest requests and two of the largest answers: "
                + smallestIoBytes(maxFrameBytes, maxReplyBytes)
                + ", not "
                + maxIoBytes);
      }
      if (tlsClientCa != null && tlsCertificate == null) {
        throw new IllegalStateException(
            "mutual TLS needs TLS: give the server's certificate and key too");
      }
      if (nodeId != null) {
        checkCluster();
      } else if (peerTls != null) {
        throw new IllegalStateException(
            "TLS between members needs a cluster: give the node id and the peers too");
      }
      return new ServerConfig(this);
    }

    private void checkCluster() {
      if (dataDir == null) {
        throw new IllegalStateException(
            "a cluster member keeps its log on disk: give it a data directory");
      }
      boolean listed =
          Peer.parseList(peers, port).stream().anyMatch(peer -> peer.id().equals(nodeId));
      if (!listed) {
        throw new IllegalArgumentException(
            "node id " + nodeId + " is not among the peers " + peers);
      }
    }
  }
}
