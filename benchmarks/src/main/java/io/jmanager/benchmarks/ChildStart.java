package io.jmanager.benchmarks;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedLock;
import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a child JVM costs to start, with and without {@link JvmProcess.Builder#fastStart} and {@link
 * JvmProcess.Builder#classDataArchive}: for each trial, in turn for each of the four settings, one
 * child that connects and makes one call (the time from {@code start()} until that call reaches the
 * parent, and until the child has exited) and one child that does nothing (until it has exited).
 * Then the seed's 50-process counter (50 children, each subtracting one from a shared count under a
 * shared lock, all started and then joined) with both off and both on, against Python's {@code
 * multiprocessing.Manager} running the same program. Prints medians in ms.
 *
 * <p>Run from the shaded jar, whose one-jar classpath can have an archive, with a fresh cache
 * directory so the first archive is made here: {@code JMANAGER_CACHE_DIR=$(mktemp -d) java -cp
 * benchmarks/target/jmanager-benchmarks.jar io.jmanager.benchmarks.ChildStart [trials]
 * [counterRuns]} (defaults 10 and 3).
 */
public final class ChildStart {
  private static final int COUNTER_PROCESSES = 50;
  private static final Duration HANG_BOUND = Duration.ofMinutes(5);

  private record Setting(String name, boolean flags, boolean archive) {}

  private static final List<Setting> SETTINGS =
      List.of(
          new Setting("plain", false, false),
          new Setting("flags", true, false),
          new Setting("archive", false, true),
          new Setting("flags+archive", true, true));

  private ChildStart() {}

  /** Runs the trials and prints the medians. */
  public static void main(String[] args) throws Exception {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int counterRuns = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    try (ManagerServer server =
            ManagerServer.start(ServerConfig.builder().port(0).authkey(key).build());
        Manager manager = Manager.connect("127.0.0.1", server.port(), key)) {
      awaitArchive(manager);
      perChild(manager, trials);
      counter(manager, counterRuns);
    }
    python(counterRuns);
  }

  /** Starts children with the archive on until one finds it made. */
  private static void awaitArchive(Manager manager) throws Exception {
    Path cache = cacheDirectory();
    long deadline = System.nanoTime() + HANG_BOUND.toNanos();
    join(start(manager, Nothing.class, new Setting("first", true, true)));
    while (!hasArchive(cache)) {
      if (System.nanoTime() > deadline) {
        System.out.println("no class data archive appeared in " + cache + "; measuring without");
        return;
      }
      Thread.sleep(200);
    }
    System.out.println("class data archive ready in " + cache);
  }

  private static void perChild(Manager manager, int trials) throws Exception {
    Map<String, List<Double>> call = new LinkedHashMap<>();
    Map<String, List<Double>> exitAfterCall = new LinkedHashMap<>();
    Map<String, List<Double>> exitNothing = new LinkedHashMap<>();
    Map<String, List<Double>> cpuToCall = new LinkedHashMap<>();
    for (int trial = 0; trial < trials; trial++) {
      for (Setting setting : SETTINGS) {
        String queue = "child-start-" + setting.name() + "-" + trial;
        long start = System.nanoTime();
        JvmProcess pinger = start(manager, Ping.class, setting, queue);
        String cpu = manager.<String>queue(queue).poll(HANG_BOUND.toSeconds(), TimeUnit.SECONDS);
        long called = System.nanoTime();
        cpuToCall
            .computeIfAbsent(setting.name(), name -> new ArrayList<>())
            .add(Double.valueOf(cpu));
        join(pinger);
        long exited = System.nanoTime();
        add(call, setting, called - start);
        add(exitAfterCall, setting, exited - start);
        start = System.nanoTime();
        join(start(manager, Nothing.class, setting));
        add(exitNothing, setting, System.nanoTime() - start);
        manager.delete(queue);
      }
    }
    System.out.printf("per child, median of %d trials (ms):%n", trials);
    System.out.printf(
        "%-14s %20s %20s %22s %22s%n",
        "setting",
        "child CPU to call",
        "start to first call",
        "start to exit (call)",
        "start to exit (none)");
    for (Setting setting : SETTINGS) {
      System.out.printf(
          "%-14s %20.0f %20.0f %22.0f %22.0f%n",
          setting.name(),
          median(cpuToCall.get(setting.name())),
          median(call.get(setting.name())),
          median(exitAfterCall.get(setting.name())),
          median(exitNothing.get(setting.name())));
    }
  }

  private static void counter(Manager manager, int runs) throws Exception {
    Map<String, List<Double>> walls = new LinkedHashMap<>();
    List<Setting> settings = List.of(SETTINGS.get(0), SETTINGS.get(3));
    for (int run = 0; run < runs; run++) {
      for (Setting setting : settings) {
        manager.<String, Integer>dict("child-start-counter").put("count", 100);
        long start = System.nanoTime();
        List<JvmProcess> children = new ArrayList<>();
        for (int i = 0; i < COUNTER_PROCESSES; i++) {
          children.add(start(manager, Decrement.class, setting));
        }
        for (JvmProcess child : children) {
          join(child);
        }
        add(walls, setting, System.nanoTime() - start);
        int count = manager.<String, Integer>dict("child-start-counter").get("count");
        if (count != 100 - COUNTER_PROCESSES) {
          throw new IllegalStateException("the counter ended at " + count);
        }
      }
    }
    System.out.printf(
        "%d-process counter under a lock, median of %d runs (ms):%n", COUNTER_PROCESSES, runs);
    for (Setting setting : settings) {
      System.out.printf(
          "  jmanager %-14s %8.0f%n", setting.name(), median(walls.get(setting.name())));
    }
  }

  /** Runs the seed's counter with Python's Manager, when python3 is installed. */
  private static void python(int runs) throws IOException, InterruptedException {
    if (!Tools.onPath("python3")) {
      System.out.println("  python3 not found: no Python figure");
      return;
    }
    Path script = Files.createTempFile("child-start", ".py");
    Files.writeString(script, PYTHON, StandardCharsets.UTF_8);
    List<Double> walls = new ArrayList<>();
    try {
      for (int run = 0; run < runs; run++) {
        Process python =
            new ProcessBuilder("python3", script.toString()).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!python.waitFor(HANG_BOUND.toSeconds(), TimeUnit.SECONDS) || python.exitValue() != 0) {
          throw new IllegalStateException("python3 failed: " + output);
        }
        walls.add(Double.parseDouble(output.trim().split("\\s+")[0]));
      }
    } finally {
      Files.delete(script);
    }
    System.out.printf("  python multiprocessing    %8.0f%n", median(walls));
  }

  private static final String PYTHON =
      String.join(
          "\n",
          "import time",
          "from multiprocessing import Manager, Process",
          "def main(dic, lock):",
          "    with lock:",
          "        dic['count'] -= 1",
          "if __name__ == '__main__':",
          "    with Manager() as m:",
          "        lock = m.Lock()",
          "        dic = m.dict({'count': 100})",
          "        start = time.perf_counter()",
          "        p_lst = [Process(target=main, args=(dic, lock)) for i in range(50)]",
          "        for p in p_lst: p.start()",
          "        for p in p_lst: p.join()",
          "        wall = (time.perf_counter() - start) * 1000",
          "        assert dic['count'] == 50, dic",
          "        print(wall)",
          "");

  private static JvmProcess start(Manager manager, Class<?> main, Setting setting, String... args) {
    return JvmProcess.builder(main)
        .manager(manager)
        .daemon(true)
        .fastStart(setting.flags())
        .classDataArchive(setting.archive())
        .args(args)
        .start();
  }

  private static void join(JvmProcess child) throws InterruptedException {
    if (!child.join(HANG_BOUND)) {
      child.kill();
      throw new IllegalStateException(child + " did not exit in " + HANG_BOUND);
    }
    if (child.exitCode().orElse(-1) != 0) {
      throw new IllegalStateException(child + " failed");
    }
  }

  private static void add(Map<String, List<Double>> into, Setting setting, long nanos) {
    into.computeIfAbsent(setting.name(), name -> new ArrayList<>()).add(nanos / 1e6);
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  private static Path cacheDirectory() {
    String chosen = System.getenv("JMANAGER_CACHE_DIR");
    return chosen != null && !chosen.isBlank()
        ? Paths.get(chosen)
        : Paths.get(System.getProperty("user.home"), ".cache", "jmanager");
  }

  private static boolean hasArchive(Path cache) throws IOException {
    if (!Files.isDirectory(cache)) {
      return false;
    }
    try (Stream<Path> files = Files.list(cache)) {
      return files.anyMatch(file -> file.getFileName().toString().endsWith(".jsa"));
    }
  }

  /**
   * Connects, puts on queue {@code args[0]} the processor time this JVM has used so far (ms, from
   * {@code /proc/self/stat}), and exits.
   */
  static final class Ping {
    public static void main(String[] args) throws Exception {
      try (Manager manager = Manager.fromEnvironment()) {
        manager.<String>queue(args[0]).put(Long.toString(cpuMillis()));
      }
    }

    private static long cpuMillis() throws IOException {
      String stat = Files.readString(Paths.get("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // utime and stime, fields 14 and 15 of the line, in clock ticks of 10 ms
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }
  }

  /** Does nothing: the JVM's own start and exit. */
  static final class Nothing {
    public static void main(String[] args) {}
  }

  /** The seed's child: subtracts one from the count under the lock. */
  static final class Decrement {
    public static void main(String[] args) {
      try (Manager manager = Manager.fromEnvironment()) {
        Map<String, Integer> dict = manager.dict("child-start-counter");
        try (SharedLock.Held held = manager.lock("child-start-lock").locked()) {
          dict.put("count", dict.get("count") - 1);
        }
      }
    }
  }
}
