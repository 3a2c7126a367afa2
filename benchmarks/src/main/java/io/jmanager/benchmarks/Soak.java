package io.jmanager.benchmarks;

import io.jmanager.benchmarks.linearizability.Linearizability;
import io.jmanager.benchmarks.linearizability.Operation;
import io.jmanager.benchmarks.linearizability.QueueModel;
import io.jmanager.benchmarks.linearizability.RegisterModel;
import io.jmanager.client.Manager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The soak: a daemon JVM, many {@link SoakClient} JVMs doing mixed operations while one is
 * SIGKILLed and replaced every few seconds, then the end checks ({@link Invariants}), a
 * linearizability check of the register and queue histories, and the daemon's heap, threads and
 * file descriptors compared with a baseline taken after a warm-up. A long run is many such rounds
 * on one daemon, which bounds the journals each check reads. With {@code --cluster}, the same
 * against a cluster of three durable members, which a {@link Nemesis} kills and stops meanwhile; at
 * the end every member's log must lead to the same state. Prints a report; exits 1 on any
 * violation. Every process it starts is stopped by pid, whatever happens. See docs/SOAK.md.
 */
@Command(
    name = "Soak",
    mixinStandardHelpOptions = true,
    description = "Runs client JVMs against a daemon while killing them, then checks invariants.")
public final class Soak implements Callable<Integer> {
  @Option(
      names = "--seconds",
      defaultValue = "60",
      description = "Length of a round (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--rounds",
      defaultValue = "1",
      description =
          "Rounds on the same daemon, each checked and measured before the next; for long runs"
              + " (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--clients",
      defaultValue = "8",
      description = "Client JVMs at once (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(
      names = "--kill-every",
      defaultValue = "3",
      description = "Seconds between SIGKILLs of a random client (default: ${DEFAULT-VALUE}).")
  double killEvery;

  @Option(
      names = "--warmup",
      defaultValue = "5",
      description =
          "Seconds of client work before the baseline is measured (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(
      names = "--epoch",
      defaultValue = "5",
      description =
          "Seconds each set of linearizability objects is used; bounds each history (default:"
              + " ${DEFAULT-VALUE}).")
  double epoch;

  @Option(
      names = "--heap-slack-mib",
      defaultValue = "1",
      description = "Heap growth allowed after the soak, in MiB (default: ${DEFAULT-VALUE}).")
  double heapSlackMib;

  @Option(
      names = "--server-jar",
      defaultValue = "manager-server/target/manager-server.jar",
      description = "The daemon's jar (default: ${DEFAULT-VALUE}).")
  Path serverJar;

  @Option(names = "--keep", description = "Keep the journals even when the soak passes.")
  boolean keep;

  @Option(
      names = "--cluster",
      description =
          "Run against a cluster of three durable members on this host, killing and stopping"
              + " them too (see --fault-every), instead of one in-memory daemon.")
  boolean cluster;

  @Option(
      names = "--fault-every",
      defaultValue = "10",
      description =
          "With --cluster: seconds between faults of a member, in turn SIGKILL of the leader, of"
              + " a follower, SIGSTOP of the leader, of a follower (default: ${DEFAULT-VALUE}).")
  double faultEvery;

  @Option(
      names = "--fault-hold",
      defaultValue = "3",
      description =
          "With --cluster: seconds a member stays killed or stopped before it is started again"
              + " or continued (default: ${DEFAULT-VALUE}).")
  double faultHold;

  private final Random random = new Random();

  /** Runs the soak; exits 0 when every check passes, 1 otherwise. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Soak()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("jmanager-soak-");
    List<String> violations = new ArrayList<>();
    boolean finished = false;
    try {
      run(dir, violations);
      finished = true;
    } catch (Exception e) {
      e.printStackTrace();
      violations.add("the soak could not complete: " + e);
    } finally {
      if (finished && violations.isEmpty() && !keep) {
        delete(dir);
      } else {
        System.out.println("journals and client output kept in " + dir);
      }
    }
    violations.forEach(violation -> System.out.println("VIOLATION " + violation));
    System.out.println(violations.isEmpty() ? "soak PASSED" : "soak FAILED");
    return violations.isEmpty() ? 0 : 1;
  }

  private void run(Path dir, List<String> violations) throws Exception {
    System.out.printf(
        "soak: %d round(s) of %.0f s, %d client JVMs, one SIGKILLed and replaced every %.1f s%n",
        rounds, seconds, clients, killEvery);
    if (cluster) {
      runCluster(dir, violations);
      return;
    }
    try (Daemon daemon = Daemon.start(serverJar, List.of(), List.of());
        Manager manager = Manager.connect("127.0.0.1", daemon.port(), new byte[0])) {
      System.out.println("daemon at start:      " + Vitals.of(daemon.pid()));
      violations.addAll(warmUp(manager, Files.createDirectory(dir.resolve("warmup"))));
      Vitals before = Vitals.of(daemon.pid());
      System.out.println("daemon after warm-up: " + before);
      for (int round = 1; round <= rounds && violations.isEmpty(); round++) {
        Path journals = startRound(dir, round);
        try (Fleet fleet = new Fleet(manager, journals, System.nanoTime(), nanos(epoch))) {
          int kills = soak(fleet);
          violations.addAll(fleet.failures());
          violations.addAll(
              check(() -> Manager.connect("127.0.0.1", daemon.port(), new byte[0]), fleet, kills));
        }
        violations.addAll(flat(daemon.pid(), before));
        if (violations.isEmpty() && !keep) {
          delete(journals);
        }
      }
    }
  }

  /**
   * The soak against a cluster of three: a {@link Nemesis} kills and stops members while the
   * clients work and are killed; after each round, once every member has caught up, the same
   * checks. At the end every member is killed, and their logs must lead to the same state.
   */
  private void runCluster(Path dir, List<String> violations) throws Exception {
    System.out.printf(
        "cluster of three: a member SIGKILLed or SIGSTOPped every %.1f s, for %.1f s%n",
        faultEvery, faultHold);
    try (ClusterDeployment members = ClusterDeployment.start(serverJar);
        Manager manager = members.connect();
        Manager watcher = members.connect()) {
      violations.addAll(warmUp(manager, Files.createDirectory(dir.resolve("warmup"))));
      for (int round = 1; round <= rounds && violations.isEmpty(); round++) {
        Path journals = startRound(dir, round);
        try (Fleet fleet = new Fleet(manager, journals, System.nanoTime(), nanos(epoch))) {
          int kills;
          Nemesis nemesis =
              new Nemesis(
                  members,
                  watcher,
                  Duration.ofNanos(nanos(faultEvery)),
                  Duration.ofNanos(nanos(faultHold)));
          try (nemesis) {
            nemesis.start();
            kills = soak(fleet);
          }
          System.out.printf("member faults: %d%n", nemesis.faults());
          nemesis.events().forEach(event -> System.out.println("  " + event));
          violations.addAll(nemesis.failures());
          violations.addAll(fleet.failures());
          ClusterDeployment.awaitCaughtUp(watcher, Duration.ofSeconds(60));
          violations.addAll(check(members::connect, fleet, kills));
        }
        if (violations.isEmpty() && !keep) {
          delete(journals);
        }
      }
      List<String> digests = members.killAndDigest();
      boolean same = digests.stream().distinct().count() == 1;
      System.out.println(
          "  logs: every member killed; index and state digest each leads to: "
              + String.join(", ", digests)
              + (same ? ": ok" : ": VIOLATED"));
      if (!same) {
        violations.add("the members' logs lead to different states: " + digests);
      }
    }
  }

  private Path startRound(Path dir, int round) throws IOException {
    if (rounds > 1) {
      System.out.printf("round %d of %d%n", round, rounds);
    }
    return Files.createDirectory(dir.resolve("round-" + round));
  }

  /**
   * Reads the server's state, checks it and the journals, and deletes every object. It reads on a
   * connection of its own, closed before the daemon is measured again, since the server keeps each
   * connection's encoding buffer as large as the largest answer it sent (here, whole snapshots).
   */
  private List<String> check(Supplier<Manager> connect, Fleet fleet, int kills) throws Exception {
    EndState end;
    try (Manager reader = connect.get()) {
      end = EndState.read(reader);
      deleteAll(reader);
    }
    List<ClientLog> logs = readLogs(fleet);
    summarize(fleet, kills, logs);
    List<String> violations = new ArrayList<>();
    for (Invariants.Check check : new Invariants(logs, fleet.lives()).check(end)) {
      System.out.println("  " + check);
      List<String> found = check.violations();
      found.stream().limit(10).forEach(v -> violations.add(check.name() + ": " + v));
      if (found.size() > 10) {
        violations.add(check.name() + ": and " + (found.size() - 10) + " more");
      }
    }
    violations.addAll(linearizability(logs, end.finalPolls()));
    return violations;
  }

  /** Runs clients for the warm-up, so the daemon's lazily started threads exist, then clears. */
  private List<String> warmUp(Manager manager, Path dir) throws Exception {
    try (Fleet fleet = new Fleet(manager, dir, System.nanoTime(), nanos(epoch))) {
      fleet.start(clients);
      fleet.awaitWorking(Duration.ofSeconds(60));
      TimeUnit.NANOSECONDS.sleep(nanos(warmup));
      fleet.stop(Duration.ofSeconds(60));
      deleteAll(manager);
      return fleet.failures().stream().map(failure -> "warm-up: " + failure).toList();
    }
  }

  /** Runs the clients until the end, killing one every so often; returns how many it killed. */
  private int soak(Fleet fleet) throws Exception {
    fleet.start(clients);
    fleet.awaitWorking(Duration.ofSeconds(60));
    long end = System.nanoTime() + nanos(seconds);
    int kills = 0;
    for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
      TimeUnit.NANOSECONDS.sleep(Math.min(nanos(killEvery), end - now));
      // Every other victim is a lock holder, if one is seen: the lock must pass on at its death.
      if (System.nanoTime() < end && fleet.killOneAndReplace(random, kills % 2 == 1)) {
        kills++;
      }
    }
    fleet.stop(Duration.ofSeconds(60));
    return kills;
  }

  private static List<ClientLog> readLogs(Fleet fleet) throws IOException {
    List<ClientLog> logs = new ArrayList<>();
    for (int id = 1; id <= fleet.startedCount(); id++) {
      if (Files.exists(fleet.journal(id))) {
        logs.add(ClientLog.read(id, fleet.journal(id)));
      }
    }
    return logs;
  }

  private void summarize(Fleet fleet, int kills, List<ClientLog> logs) {
    long ops = logs.stream().mapToLong(log -> log.calls().size()).sum();
    long inDoubt = logs.stream().filter(log -> log.inDoubt() != null).count();
    System.out.printf(
        "clients: %d started, %d SIGKILLed, %d stopped cleanly; operations: %,d (%,.0f/s), %d in"
            + " doubt when their client was killed%n",
        fleet.startedCount(),
        kills,
        logs.stream().filter(ClientLog::stopped).count(),
        ops,
        ops / seconds,
        inDoubt);
  }

  private static List<String> linearizability(
      List<ClientLog> logs, List<Operation<QueueModel.Input, Object>> drains) {
    long start = System.nanoTime();
    Linearizability.Result registers =
        Linearizability.check(new RegisterModel(), Histories.registers(logs));
    Linearizability.Result queues =
        Linearizability.check(new QueueModel(), Histories.queues(logs, drains));
    List<String> violations = new ArrayList<>();
    Stream.of(registers, queues)
        .forEach(
            result -> {
              result.violations().forEach(v -> violations.add("not linearizable: " + v));
              result.undecided().forEach(v -> violations.add("undecided: " + v));
            });
    System.out.printf(
        "  linearizability: registers %,d operations in %d histories, queues %,d operations in %d"
            + " histories, checked in %.1f s: %d violations, %d undecided%s%n",
        registers.operations(),
        registers.partitions(),
        queues.operations(),
        queues.partitions(),
        (System.nanoTime() - start) / 1e9,
        registers.violations().size() + queues.violations().size(),
        registers.undecided().size() + queues.undecided().size(),
        violations.isEmpty() ? ": ok" : ": VIOLATED");
    return violations;
  }

  /**
   * Compares the daemon with its baseline once every client is gone and every object deleted:
   * server threads and file descriptors back where they were, heap within the slack. Closing
   * connections is asynchronous, so it measures again for a while before giving up.
   */
  private List<String> flat(long pid, Vitals before) throws Exception {
    long slack = (long) (heapSlackMib * 1024 * 1024);
    Vitals after = Vitals.of(pid);
    for (int tries = 0; tries < 10 && !within(before, after, slack); tries++) {
      Thread.sleep(1000);
      after = Vitals.of(pid);
    }
    System.out.println("daemon after soak:    " + after);
    System.out.println("  heap growth by class: " + after.growth(before, 5));
    boolean flat = within(before, after, slack);
    String line =
        String.format(
            "daemon: heap %+,.0f KiB (allowed %+,.0f), server threads %d -> %d, file descriptors"
                + " %d -> %d",
            (after.heap() - before.heap()) / 1024.0,
            heapSlackMib * 1024,
            before.serverThreads().size(),
            after.serverThreads().size(),
            before.fds(),
            after.fds());
    System.out.println("  " + line + (flat ? ": ok" : ": VIOLATED"));
    return flat ? List.of() : List.of(line);
  }

  private static boolean within(Vitals before, Vitals after, long heapSlack) {
    return after.heap() <= before.heap() + heapSlack
        && after.serverThreads().size() <= before.serverThreads().size()
        && after.fds() <= before.fds();
  }

  private static void deleteAll(Manager manager) {
    manager.names().keySet().forEach(manager::delete);
  }

  private static long nanos(double seconds) {
    return (long) (seconds * 1e9);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }
}
