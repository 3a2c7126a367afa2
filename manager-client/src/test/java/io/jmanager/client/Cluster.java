package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Three daemons as one cluster of real processes on free loopback ports, each member {@code n1} to
 * {@code n3} with its own data directory, as a user runs them; {@link #close} kills what is left.
 */
final class Cluster implements AutoCloseable {
  static final String KEY = "cluster-key";

  private final Daemons daemons = new Daemons();
  private final Path folder;
  private final IntFunction<List<String>> options;
  private final List<Daemons.Daemon> members = new ArrayList<>();
  private final int[] raftPorts = new int[3];
  private final int[] clientPorts = new int[3];
  private final String peers;

  /** A cluster whose members keep their logs under {@code folder}, each with {@code options}. */
  Cluster(Path folder, IntFunction<List<String>> options) throws IOException {
    this.folder = folder;
    this.options = options;
    int[] ports = freePorts(2 * 3);
    for (int i = 0; i < 3; i++) {
      raftPorts[i] = ports[2 * i];
      clientPorts[i] = ports[2 * i + 1];
    }
    peers =
        IntStream.range(0, 3)
            .mapToObj(i -> "n" + (i + 1) + "=127.0.0.1:" + raftPorts[i] + ":" + clientPorts[i])
            .collect(Collectors.joining(","));
  }

  /** Starts every member and waits until each listens for clients. */
  Cluster start() throws IOException {
    for (int i = 0; i < 3; i++) {
      members.add(startMember(i));
    }
    members.forEach(Daemons.Daemon::awaitReadyPort);
    return this;
  }

  /** Member {@code index}, 0 to 2. */
  Daemons.Daemon member(int index) {
    return members.get(index);
  }

  /** Starts member {@code index} again, on its directory, after it was killed. */
  void restart(int index) throws IOException {
    members.set(index, startMember(index));
    members.get(index).awaitReadyPort();
  }

  /** Member {@code index}'s data directory. */
  Path directory(int index) {
    return folder.resolve("n" + (index + 1));
  }

  int clientPort(int index) {
    return clientPorts[index];
  }

  int raftPort(int index) {
    return raftPorts[index];
  }

  /** Every member's client address, as a client's address list. */
  String addresses() {
    return IntStream.of(clientPorts)
        .mapToObj(port -> "127.0.0.1:" + port)
        .collect(Collectors.joining(","));
  }

  /** Connects with every member's address, which reaches whichever leads, waiting for one to. */
  Manager connectToLeader() {
    return await()
        .atMost(120, TimeUnit.SECONDS)
        .ignoreExceptionsInstanceOf(ManagerException.class)
        .until(() -> connect(addresses()), manager -> manager != null);
  }

  /** Connects to {@code addresses}. */
  static Manager connect(String addresses) {
    return Manager.builder()
        .addresses(addresses)
        .authkey(KEY.getBytes(StandardCharsets.UTF_8))
        .connectTimeout(Duration.ofSeconds(15))
        .connect();
  }

  /** The member a manager is connected to. */
  int memberAt(Manager manager) {
    for (int i = 0; i < 3; i++) {
      if (clientPorts[i] == manager.port()) {
        return i;
      }
    }
    throw new AssertionError("connected to no member: " + manager.port());
  }

  /** Kills every member with SIGKILL. */
  void killAll() throws InterruptedException {
    for (Daemons.Daemon member : members) {
      member.kill();
    }
  }

  /**
   * The digest of the state each stopped member's log leads to, at the last index every member has,
   * as {@code "index digest"}: one line when the members agree.
   */
  Set<String> digests() throws IOException, InterruptedException {
    long upTo =
        logDigests(Long.MAX_VALUE).stream()
            .mapToLong(reached -> Long.parseLong(reached.split(" ")[0]))
            .min()
            .orElseThrow();
    return new HashSet<>(logDigests(upTo));
  }

  /** Runs the LogDigest tool on every member's directory at once, up to entry {@code upTo}. */
  private List<String> logDigests(long upTo) throws IOException, InterruptedException {
    List<Process> tools = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tools.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  Daemons.JAR.toString(),
                  "io.jmanager.server.LogDigest",
                  directory(i).toString(),
                  String.valueOf(upTo))
              .redirectErrorStream(true)
              .start());
    }
    try {
      List<String> digests = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Process tool = tools.get(i);
        String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tool.waitFor(120, TimeUnit.SECONDS)).as("LogDigest exited").isTrue();
        assertThat(tool.exitValue()).as("LogDigest of n%d: %s", i + 1, output).isZero();
        digests.add(output.strip());
      }
      return digests;
    } finally {
      tools.forEach(Process::destroyForcibly);
    }
  }

  /** A watcher that prints what each member of {@code cluster} printed when a test fails. */
  static TestWatcher printedOnFailure(Supplier<Cluster> cluster) {
    return new TestWatcher() {
      @Override
      public void testFailed(ExtensionContext context, Throwable cause) {
        System.out.println(cluster.get().printed());
      }
    };
  }

  /** What each member printed. */
  String printed() {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < members.size(); i++) {
      all.append("--- member n").append(i + 1).append('\n').append(members.get(i).printed());
      all.append('\n');
    }
    return all.toString();
  }

  private Daemons.Daemon startMember(int index) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--port",
                String.valueOf(clientPorts[index]),
                "--data-dir",
                directory(index).toString(),
                "--node-id",
                "n" + (index + 1),
                "--peers",
                peers));
    args.addAll(options.apply(index));
    return daemons.start(args, Map.of("JMANAGER_AUTHKEY", KEY));
  }

  /** Distinct free ports: each socket stays open until all are chosen, so none repeats. */
  private static int[] freePorts(int count) throws IOException {
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        if (socket != null) {
          socket.close();
        }
      }
    }
  }

  @Override
  public void close() {
    daemons.close();
  }
}
