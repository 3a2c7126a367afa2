package io.jmanager.server;

import ch.qos.logback.classic.Level;
import io.jmanager.protocol.Handshake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The daemon's entry point: {@code java -jar manager-server.jar --help}. Every option can also be
 * set by an environment variable, for containers. Exit codes: 0 after a shutdown asked by an admin
 * client, 143 (SIGTERM) or 130 (SIGINT) after a clean shutdown, as the JVM reports signals, 1 when
 * the server cannot start, 2 for a bad command line.
 */
@Command(
    name = "manager-server",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    description = {
      "Hosts shared objects (dicts, lists, queues, locks, ...) for jmanager clients in other JVMs.",
      "Each option may also be given by the environment variable named in brackets.",
      "Runs until SIGTERM, SIGINT or an admin's shutdown, then answers what it has read, tells",
      "clients goodbye and exits."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:clean shutdown asked by an admin client",
      "143:clean shutdown after SIGTERM (130 after SIGINT)",
      "1:the server could not start (address in use, no authkey off loopback, unreadable key or TLS file, bad user type, damaged data directory)",
      "2:bad command line (also: a TLS certificate without its key, or the reverse)"
    })
public final class Main implements Callable<Integer> {
  @Option(
      names = "--host",
      defaultValue = "${env:JMANAGER_HOST:-127.0.0.1}",
      description = "Address to bind [JMANAGER_HOST] (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:JMANAGER_PORT:-50000}",
      description =
          "Port to bind, 0 for any free port [JMANAGER_PORT] (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--port-file",
      defaultValue = "${env:JMANAGER_PORT_FILE}",
      description = {
        "File the bound port is written to, as decimal text, once the server is ready; written",
        "aside and moved in place, so a reader sees it whole [JMANAGER_PORT_FILE]."
      })
  Path portFile;

  @Option(
      names = "--health-port",
      defaultValue = "${env:JMANAGER_HEALTH_PORT:--1}",
      description = {
        "Port where each connection reads one line, ready or stopping, and is closed;",
        "-1 for none [JMANAGER_HEALTH_PORT] (default: ${DEFAULT-VALUE})."
      })
  int healthPort;

  @Option(
      names = "--health-host",
      defaultValue = "${env:JMANAGER_HEALTH_HOST:-127.0.0.1}",
      description =
          "Address the health port binds [JMANAGER_HEALTH_HOST] (default: ${DEFAULT-VALUE}).")
  String healthHost;

  @Option(
      names = "--authkey-file",
      defaultValue = "${env:JMANAGER_AUTHKEY_FILE}",
      description = {
        "File holding the authkey clients must prove they know [JMANAGER_AUTHKEY_FILE].",
        "Its bytes are the key, less one trailing newline. Without it, the key is the",
        "UTF-8 text of JMANAGER_AUTHKEY; without either, only a loopback address is allowed."
      })
  Path authkeyFile;

  @Option(
      names = "--admin-authkey-file",
      defaultValue = "${env:JMANAGER_ADMIN_AUTHKEY_FILE}",
      description = {
        "File holding the admin key [JMANAGER_ADMIN_AUTHKEY_FILE], read like the authkey file.",
        "With it, only clients proving this key may shut the server down, list sessions,",
        "release a lock or delete an object; the data key may not. Without it, the data key may."
      })
  Path adminAuthkeyFile;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:JMANAGER_DATA_DIR}",
      description = {
        "Directory of the durable log: every operation is on disk before it is answered, and a",
        "restart on the same directory brings every object back [JMANAGER_DATA_DIR]",
        "(default: none, objects live in memory only)."
      })
  Path dataDir;

  @Option(
      names = "--snapshot-every",
      defaultValue = "${env:JMANAGER_SNAPSHOT_EVERY:-100000}",
      description = {
        "Durable mode: log entries applied between two snapshots of the whole state; a restart",
        "applies at most about this many after the newest [JMANAGER_SNAPSHOT_EVERY]",
        "(default: ${DEFAULT-VALUE})."
      })
  long snapshotEvery;

  @Option(
      names = "--log-segment-bytes",
      defaultValue = "${env:JMANAGER_LOG_SEGMENT_BYTES:-33554432}",
      description = {
        "Durable mode: size at which a file of the log is closed and the next begun; a snapshot",
        "removes the closed files it covers [JMANAGER_LOG_SEGMENT_BYTES] (default: ${DEFAULT-VALUE})."
      })
  long logSegmentBytes;

  @Option(
      names = "--node-id",
      defaultValue = "${env:JMANAGER_NODE_ID}",
      description = {
        "Cluster: this server's id among --peers [JMANAGER_NODE_ID]; needs --data-dir."
      })
  String nodeId;

  @Option(
      names = "--peers",
      defaultValue = "${env:JMANAGER_PEERS}",
      description = {
        "Cluster: every member, this one included, as id=host:raftport[:clientport],... , the",
        "same list on every member; the client port defaults to --port [JMANAGER_PEERS]."
      })
  String peers;

  @Option(
      names = "--peer-tls-cert",
      defaultValue = "${env:JMANAGER_PEER_TLS_CERT}",
      description = {
        "Cluster: PEM file with this member's certificate chain for mutual TLS between members,",
        "valid for TLS server and client use [JMANAGER_PEER_TLS_CERT]."
      })
  Path peerTlsCert;

  @Option(
      names = "--peer-tls-key",
      defaultValue = "${env:JMANAGER_PEER_TLS_KEY}",
      description = "Cluster: PEM file with its key, unencrypted PKCS#8 [JMANAGER_PEER_TLS_KEY].")
  Path peerTlsKey;

  @Option(
      names = "--peer-tls-ca",
      defaultValue = "${env:JMANAGER_PEER_TLS_CA}",
      description = "Cluster: PEM file with the CAs that sign the members' certificates.")
  Path peerTlsCa;

  @Option(
      names = "--session-lease-seconds",
      defaultValue = "${env:JMANAGER_SESSION_LEASE_SECONDS:-10}",
      description = {
        "Durable mode: how long a session whose connection was lost without a close keeps its",
        "locks and parked calls for its client to come back [JMANAGER_SESSION_LEASE_SECONDS]",
        "(default: ${DEFAULT-VALUE})."
      })
  int sessionLeaseSeconds;

  @Option(
      names = "--tls-cert",
      defaultValue = "${env:JMANAGER_TLS_CERT}",
      description = {
        "PEM file with the server's certificate, then any intermediate CA certificates;",
        "turns TLS on, and plaintext clients are then refused [JMANAGER_TLS_CERT]."
      })
  Path tlsCert;

  @Option(
      names = "--tls-key",
      defaultValue = "${env:JMANAGER_TLS_KEY}",
      description = {
        "PEM file with the certificate's private key, unencrypted PKCS#8",
        "(-----BEGIN PRIVATE KEY-----), RSA or EC [JMANAGER_TLS_KEY]."
      })
  Path tlsKey;

  @Option(
      names = "--tls-client-ca",
      defaultValue = "${env:JMANAGER_TLS_CLIENT_CA}",
      description = {
        "PEM file with the CAs that sign client certificates: mutual TLS, every client",
        "must present a certificate one of them signed [JMANAGER_TLS_CLIENT_CA]."
      })
  Path tlsClientCa;

  @Option(
      names = "--max-frame-bytes",
      defaultValue = "${env:JMANAGER_MAX_FRAME_BYTES:-16777216}",
      description =
          "Largest request accepted, in bytes [JMANAGER_MAX_FRAME_BYTES] (default: ${DEFAULT-VALUE}).")
  int maxFrameBytes;

  @Option(
      names = "--max-reply-bytes",
      defaultValue = "${env:JMANAGER_MAX_REPLY_BYTES:-0}",
      description = {
        "Largest answer sent, in bytes; a call whose answer would be larger fails and takes",
        "nothing; 0 for 64 MiB, or a sixteenth of the heap if less",
        "[JMANAGER_MAX_REPLY_BYTES] (default: ${DEFAULT-VALUE})."
      })
  int maxReplyBytes;

  @Option(
      names = "--handshake-timeout-seconds",
      defaultValue = "${env:JMANAGER_HANDSHAKE_TIMEOUT_SECONDS:-10}",
      description =
          "A new connection must authenticate within this [JMANAGER_HANDSHAKE_TIMEOUT_SECONDS] (default: ${DEFAULT-VALUE}).")
  long handshakeTimeoutSeconds;

  @Option(
      names = "--max-connections",
      defaultValue = "${env:JMANAGER_MAX_CONNECTIONS:-10000}",
      description = {
        "Authenticated connections open at once; more are refused as busy",
        "[JMANAGER_MAX_CONNECTIONS] (default: ${DEFAULT-VALUE})."
      })
  int maxConnections;

  @Option(
      names = "--max-connections-per-address",
      defaultValue = "${env:JMANAGER_MAX_CONNECTIONS_PER_ADDRESS:-1000}",
      description = {
        "Authenticated connections open at once from one address",
        "[JMANAGER_MAX_CONNECTIONS_PER_ADDRESS] (default: ${DEFAULT-VALUE})."
      })
  int maxConnectionsPerAddress;

  @Option(
      names = "--max-handshakes",
      defaultValue = "${env:JMANAGER_MAX_HANDSHAKES:-1024}",
      description = {
        "Connections in their handshake at once; one more makes the oldest handshake",
        "refused as busy [JMANAGER_MAX_HANDSHAKES] (default: ${DEFAULT-VALUE})."
      })
  int maxHandshakes;

  @Option(
      names = "--max-handshakes-per-address",
      defaultValue = "${env:JMANAGER_MAX_HANDSHAKES_PER_ADDRESS:-64}",
      description = {
        "Connections in their handshake at once from one address; more are refused as busy",
        "[JMANAGER_MAX_HANDSHAKES_PER_ADDRESS] (default: ${DEFAULT-VALUE})."
      })
  int maxHandshakesPerAddress;

  @Option(
      names = "--max-failed-handshakes",
      defaultValue = "${env:JMANAGER_MAX_FAILED_HANDSHAKES:-20}",
      description = {
        "Failed handshakes (wrong key, garbage, timeout, closed before the end) an address",
        "may have per minute; past it, its connections and key proofs are refused until",
        "the minute ends [JMANAGER_MAX_FAILED_HANDSHAKES] (default: ${DEFAULT-VALUE})."
      })
  int maxFailedHandshakes;

  @Option(
      names = "--keepalive-idle-seconds",
      defaultValue = "${env:JMANAGER_KEEPALIVE_IDLE_SECONDS:-15}",
      description = {
        "Silence after which TCP keepalive probes a client",
        "[JMANAGER_KEEPALIVE_IDLE_SECONDS] (default: ${DEFAULT-VALUE})."
      })
  long keepaliveIdleSeconds;

  @Option(
      names = "--keepalive-interval-seconds",
      defaultValue = "${env:JMANAGER_KEEPALIVE_INTERVAL_SECONDS:-5}",
      description = {
        "Time between unanswered TCP keepalive probes",
        "[JMANAGER_KEEPALIVE_INTERVAL_SECONDS] (default: ${DEFAULT-VALUE})."
      })
  long keepaliveIntervalSeconds;

  @Option(
      names = "--keepalive-count",
      defaultValue = "${env:JMANAGER_KEEPALIVE_COUNT:-3}",
      description = {
        "Unanswered TCP keepalive probes after which a connection is dropped, releasing",
        "what its client held [JMANAGER_KEEPALIVE_COUNT] (default: ${DEFAULT-VALUE})."
      })
  int keepaliveCount;

  @Option(
      names = "--max-in-flight",
      defaultValue = "${env:JMANAGER_MAX_IN_FLIGHT:-16384}",
      description =
          "Calls of one connection waiting on the server at once [JMANAGER_MAX_IN_FLIGHT] (default: ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(
      names = "--max-parked",
      defaultValue = "${env:JMANAGER_MAX_PARKED:-262144}",
      description =
          "Calls waiting on the server at once, overall [JMANAGER_MAX_PARKED] (default: ${DEFAULT-VALUE}).")
  int maxParked;

  @Option(
      names = "--output-high-water-bytes",
      defaultValue = "${env:JMANAGER_OUTPUT_HIGH_WATER_BYTES:-4194304}",
      description = {
        "Unsent answer bytes at which a connection's requests stop being read",
        "[JMANAGER_OUTPUT_HIGH_WATER_BYTES] (default: ${DEFAULT-VALUE})."
      })
  int outputHighWaterBytes;

  @Option(
      names = "--max-output-bytes",
      defaultValue = "${env:JMANAGER_MAX_OUTPUT_BYTES:-268435456}",
      description = {
        "Unsent answer bytes at which a connection that does not read is closed",
        "[JMANAGER_MAX_OUTPUT_BYTES] (default: ${DEFAULT-VALUE})."
      })
  long maxOutputBytes;

  @Option(
      names = "--max-io-bytes",
      defaultValue = "${env:JMANAGER_MAX_IO_BYTES:-0}",
      description = {
        "Bytes in transit over all connections, half for answers not yet sent, half for",
        "requests arriving and what decoding them allocates; 0 for a quarter of the heap",
        "(at least six of the largest requests and two of the largest answers)",
        "[JMANAGER_MAX_IO_BYTES] (default: ${DEFAULT-VALUE})."
      })
  long maxIoBytes;

  @Option(
      names = "--max-memory-bytes",
      defaultValue = "${env:JMANAGER_MAX_MEMORY_BYTES:-0}",
      description = {
        "Data the shared objects may hold; past it, calls that would add data are refused",
        "and the rest go on; 0 for half of the heap [JMANAGER_MAX_MEMORY_BYTES] (default: ${DEFAULT-VALUE})."
      })
  long maxMemoryBytes;

  @Option(
      names = "--idle-timeout-seconds",
      defaultValue = "${env:JMANAGER_IDLE_TIMEOUT_SECONDS:-0}",
      description = {
        "Closes a connection silent this long with nothing parked or held; 0 for never",
        "[JMANAGER_IDLE_TIMEOUT_SECONDS] (default: ${DEFAULT-VALUE})."
      })
  long idleTimeoutSeconds;

  @Mixin UserTypeOptions userTypes;

  @Option(
      names = "--log-level",
      defaultValue = "${env:JMANAGER_LOG_LEVEL:-INFO}",
      description = "${COMPLETION-CANDIDATES} [JMANAGER_LOG_LEVEL] (default: ${DEFAULT-VALUE}).")
  LogLevel logLevel;

  @Spec CommandSpec spec;

  /** The levels {@code --log-level} accepts. */
  enum LogLevel {
    ERROR,
    WARN,
    INFO,
    DEBUG,
    TRACE
  }

  /** Runs the daemon and exits with its status. */
  public static void main(String[] args) {
    CommandLine commandLine =
        new CommandLine(new Main())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                  cmd.getErr().println("manager-server: " + e.getMessage());
                  return 1;
                });
    System.exit(commandLine.execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    checkTlsOptions();
    setLogLevel(logLevel);
    ServerConfig.Builder builder =
        ServerConfig.builder()
            .host(host)
            .port(port)
            .healthPort(healthHost, healthPort)
            .authkey(authkey())
            .adminAuthkey(adminAuthkey())
            .maxFrameBytes(maxFrameBytes)
            .maxReplyBytes(maxReplyBytes > 0 ? maxReplyBytes : ServerConfig.defaultMaxReplyBytes())
            .handshakeTimeout(Duration.ofSeconds(handshakeTimeoutSeconds))
            .maxConnections(maxConnections)
            .maxConnectionsPerAddress(maxConnectionsPerAddress)
            .maxHandshakes(maxHandshakes)
            .maxHandshakesPerAddress(maxHandshakesPerAddress)
            .maxFailedHandshakes(maxFailedHandshakes)
            .keepalive(
                Duration.ofSeconds(keepaliveIdleSeconds),
                Duration.ofSeconds(keepaliveIntervalSeconds),
                keepaliveCount)
            .maxInFlightPerConnection(maxInFlight)
            .maxParkedWaiters(maxParked)
            .outputLimits(outputHighWaterBytes, maxOutputBytes)
            .maxIoBytes(maxIoBytes)
            .maxMemoryBytes(maxMemoryBytes)
            .idleTimeout(Duration.ofSeconds(idleTimeoutSeconds));
    userTypes.applyTo(builder);
    if (tlsCert != null) {
      builder.tls(tlsCert, tlsKey);
    }
    if (tlsClientCa != null) {
      builder.tlsClientCa(tlsClientCa);
    }
    if (dataDir != null) {
      builder.dataDir(dataDir);
    }
    builder.snapshotEvery(snapshotEvery);
    builder.logSegmentBytes(logSegmentBytes);
    builder.sessionLease(Duration.ofSeconds(sessionLeaseSeconds));
    if (nodeId != null || peers != null) {
      if (nodeId == null || peers == null) {
        throw new ParameterException(
            spec.commandLine(), "a cluster member needs both --node-id and --peers");
      }
      builder.cluster(nodeId, peers);
    }
    if (peerTlsCert != null || peerTlsKey != null || peerTlsCa != null) {
      if (peerTlsCert == null || peerTlsKey == null || peerTlsCa == null) {
        throw new ParameterException(
            spec.commandLine(),
            "--peer-tls-cert, --peer-tls-key and --peer-tls-ca go together: give all three");
      }
      builder.peerTls(peerTlsCert, peerTlsKey, peerTlsCa);
    }
    ServerConfig config = builder.build();
    ManagerServer server = ManagerServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "jmanager-shutdown"));
    if (portFile != null) {
      writePortFile(portFile, server.port());
    }
    server.awaitStop();
    return 0;
  }

  /** Writes the port beside {@code file} and moves it in place, so no reader sees it half done. */
  private static void writePortFile(Path file, int port) {
    Path aside = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(aside, Integer.toString(port));
      Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the port file " + file, e);
    }
  }

  private byte[] adminAuthkey() {
    return adminAuthkeyFile == null ? new byte[0] : readKey(adminAuthkeyFile, "admin key");
  }

  /** TLS options that cannot work together are a bad command line; the files are read later. */
  private void checkTlsOptions() {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new ParameterException(
          spec.commandLine(),
          "--tls-cert and --tls-key (JMANAGER_TLS_CERT, JMANAGER_TLS_KEY) go together: give both");
    }
    if (tlsClientCa != null && tlsCert == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--tls-client-ca (JMANAGER_TLS_CLIENT_CA) needs TLS: give --tls-cert and --tls-key too");
    }
  }

  private byte[] authkey() {
    if (authkeyFile != null) {
      return readKey(authkeyFile, "authkey");
    }
    String text = System.getenv("JMANAGER_AUTHKEY");
    return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] readKey(Path file, String what) {
    try {
      return Handshake.readKeyFile(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + " file " + file, e);
    }
  }

  private static void setLogLevel(LogLevel level) {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.jmanager"))
        .setLevel(Level.toLevel(level.name()));
  }

  /** Supplies {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"jmanager " + ManagerServer.version()};
    }
  }
}
