package io.jmanager.benchmarks;

import io.jmanager.client.Admin;
import io.jmanager.client.Manager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Three daemons on 127.0.0.1 as one cluster ({@code --node-id}, {@code --peers}), each with its log
 * in a fresh temporary directory, deleted once every member has stopped. Members can be killed with
 * SIGKILL and started again on their directories.
 */
final class ClusterDeployment implements Deployment {
  private static final int MEMBERS = 3;

  private final Path jar;
  private final ScratchDir dir;
  private final int[] clientPorts = new int[MEMBERS];
  private final String peers;
  private final Daemon[] members = new Daemon[MEMBERS];

  private ClusterDeployment(Path jar, ScratchDir dir) throws IOException {
    this.jar = jar;
    this.dir = dir;
    int[] raftPorts = new int[MEMBERS];
    int[] ports = freePorts(2 * MEMBERS);
    for (int i = 0; i < MEMBERS; i++) {
      raftPorts[i] = ports[2 * i];
      clientPorts[i] = ports[2 * i + 1];
    }
    peers =
        IntStream.range(0, MEMBERS)
            .mapToObj(i -> id(i) + "=127.0.0.1:" + raftPorts[i] + ":" + clientPorts[i])
            .collect(Collectors.joining(","));
  }

  /** Starts the three members, each once it is ready to listen for clients. */
  static ClusterDeployment start(Path jar) throws IOException, InterruptedException {
    ClusterDeployment cluster = new ClusterDeployment(jar, ScratchDir.create("jmanager-cluster-"));
    try {
      for (int i = 0; i < MEMBERS; i++) {
        cluster.startMember(i);
      }
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts member {@code index} on its directory, and waits until it listens. */
  void startMember(int index) throws IOException, InterruptedException {
    members[index] =
        Daemon.startWith(
            jar,
            List.of(),
            List.of(
                "--port",
                String.valueOf(clientPorts[index]),
                "--data-dir",
                dir.path().resolve(id(index)).toString(),
                "--node-id",
                id(index),
                "--peers",
                peers));
  }

  /** Kills member {@code index} with SIGKILL. */
  void kill(int index) throws InterruptedException {
    members[index].kill();
  }

  /** Stops member {@code index} with SIGSTOP: it holds its connections and answers nothing. */
  void pause(int index) throws IOException, InterruptedException {
    members[index].signal("STOP");
  }

  /** Lets member {@code index}, stopped with SIGSTOP, run again with SIGCONT. */
  void resume(int index) throws IOException, InterruptedException {
    members[index].signal("CONT");
  }

  /**
   * Waits until every member has committed at least what the leader had committed when asked, and
   * returns what the leader says once they have; {@link IllegalStateException} after {@code
   * timeout}.
   */
  static Admin.ClusterInfo awaitCaughtUp(Manager watcher, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Admin.ClusterInfo asked = watcher.admin().cluster();
    long target = asked.committed().getOrDefault(asked.leader(), Long.MAX_VALUE);
    while (true) {
      Admin.ClusterInfo info = watcher.admin().cluster();
      if (info.committed().values().stream().allMatch(index -> index >= target)) {
        return info;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "within "
                + timeout
                + " the members did not catch up with the leader's index "
                + target
                + ": "
                + info);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /**
   * Kills every member with SIGKILL, then applies each one's log to an empty state with the {@code
   * LogDigest} tool, up to the last index all of them have, and returns what it printed for each
   * (that index and the state's digest): the same for every member when their logs agree.
   */
  List<String> killAndDigest() throws IOException, InterruptedException {
    for (int i = 0; i < MEMBERS; i++) {
      members[i].kill();
    }
    long common = Long.MAX_VALUE;
    for (int i = 0; i < MEMBERS; i++) {
      common = Math.min(common, Long.parseLong(logDigest(i, Long.MAX_VALUE).split(" ")[0]));
    }
    List<String> digests = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      digests.add(logDigest(i, common));
    }
    return digests;
  }

  private String logDigest(int index, long upTo) throws IOException, InterruptedException {
    Process tool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                jar.toString(),
                "io.jmanager.server.LogDigest",
                dir.path().resolve(id(index)).toString(),
                String.valueOf(upTo))
            .redirectErrorStream(true)
            .start();
    String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!tool.waitFor(5, TimeUnit.MINUTES) || tool.exitValue() != 0) {
      tool.destroyForcibly();
      throw new IllegalStateException("LogDigest of " + id(index) + " failed: " + output);
    }
    return output.strip();
  }

  /** The index of the member with node id {@code id}. */
  static int index(String id) {
    return Integer.parseInt(id.substring(1)) - 1;
  }

  private static String id(int index) {
    return "n" + (index + 1);
  }

  @Override
  public String description() {
    return "three such daemons on this host as one cluster (--node-id, --peers): a write is"
        + " answered once two of the three have it on disk; reads after a ReadIndex round";
  }

  @Override
  public Manager connect() {
    return Manager.builder().addresses(addresses()).connect();
  }

  /** The members' client addresses, as a list a client takes. */
  String addresses() {
    return IntStream.of(clientPorts)
        .mapToObj(port -> "127.0.0.1:" + port)
        .collect(Collectors.joining(","));
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
  public void close() throws InterruptedException, IOException {
    List<Daemon> running = new ArrayList<>();
    for (Daemon member : members) {
      if (member != null) {
        running.add(member);
      }
    }
    try {
      for (Daemon member : running) {
        member.close();
      }
    } finally {
      dir.close();
    }
  }
}
