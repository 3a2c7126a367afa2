package io.jmanager.benchmarks;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.Pool;
import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * Measures the pool against a server in this JVM on 127.0.0.1, each figure the median of {@code
 * rounds} runs: {@code map} of 100 small tasks on a pool of 4 worker JVMs, cold (the time includes
 * starting the workers) and warm, against starting 100 JVMs that each run one task; then the
 * overhead per task on the warm pool, as no-op tasks per second through {@code applyAsync} (one
 * task per item) and {@code map} (default chunks), and the round trip of one {@code apply}, each
 * measured after one unrecorded run of the same workload. Every run checks its results. Usage:
 * {@code PoolThroughput [rounds]} (default 3).
 */
public final class PoolThroughput {
  private static final int SMALL_TASKS = 100;
  private static final int WORKERS = 4;
  private static final int ASYNC_TASKS = 20_000;
  private static final int MAP_ITEMS = 200_000;
  private static final int APPLY_CALLS = 2_000;
  private static final String RESULTS = "pool-throughput-results";
  private static final String[] FAST_START = {
    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m"
  };

  private PoolThroughput() {}

  /** The small task of the comparison. */
  static int square(int x) {
    return x * x;
  }

  /** Runs every measurement and prints one line per figure. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<Integer> items = range(SMALL_TASKS);
    List<Integer> squares = items.stream().map(PoolThroughput::square).collect(Collectors.toList());
    double[] cold = new double[rounds];
    double[] warm = new double[rounds];
    double[] separate = new double[rounds];
    double[] async = new double[rounds];
    double[] mapped = new double[rounds];
    Histogram applyMicros = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
    try (ManagerServer server = ManagerServer.start(ServerConfig.builder().port(0).build());
        Manager manager = Manager.connect("127.0.0.1", server.port(), new byte[0])) {
      for (int round = 0; round < rounds; round++) {
        long start = System.nanoTime();
        try (Pool pool = manager.pool("throughput-" + round, WORKERS)) {
          check(pool.map(PoolThroughput::square, items, 1), squares, "cold map");
          cold[round] = millisSince(start);
          start = System.nanoTime();
          check(pool.map(PoolThroughput::square, items, 1), squares, "warm map");
          warm[round] = millisSince(start);
          asyncTasksPerSecond(pool);
          mapItemsPerSecond(pool);
          applyRoundTrips(pool, new Histogram(TimeUnit.SECONDS.toMicros(10), 3));
          async[round] = asyncTasksPerSecond(pool);
          mapped[round] = mapItemsPerSecond(pool);
          applyRoundTrips(pool, applyMicros);
        }
        separate[round] = separateJvms(manager, items, squares);
      }
    }
    System.out.printf(
        "map of %d small tasks, pool of %d worker JVMs: %.0f ms cold (workers started inside),"
            + " %.1f ms warm%n",
        SMALL_TASKS, WORKERS, median(cold), median(warm));
    System.out.printf(
        "the same %d tasks as %d separate JVM starts: %.0f ms%n",
        SMALL_TASKS, SMALL_TASKS, median(separate));
    System.out.printf(
        "no-op tasks, warm pool of %d: applyAsync %.0f tasks/s; map (default chunks) %.0f items/s%n",
        WORKERS, median(async), median(mapped));
    System.out.printf(
        "apply round trip, one caller: p50 %.0f us, p99 %.0f us (%d calls x %d rounds)%n",
        applyMicros.getValueAtPercentile(50) / 1.0,
        applyMicros.getValueAtPercentile(99) / 1.0,
        APPLY_CALLS,
        rounds);
  }

  private static double asyncTasksPerSecond(Pool pool) throws Exception {
    List<CompletableFuture<Integer>> futures = new ArrayList<>(ASYNC_TASKS);
    long start = System.nanoTime();
    for (int i = 0; i < ASYNC_TASKS; i++) {
      futures.add(pool.applyAsync((Integer x) -> x, i));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - start) / 1e9;
    for (int i = 0; i < ASYNC_TASKS; i++) {
      if (futures.get(i).join() != i) {
        throw new IllegalStateException("applyAsync " + i + " returned " + futures.get(i).join());
      }
    }
    return ASYNC_TASKS / seconds;
  }

  private static double mapItemsPerSecond(Pool pool) throws Exception {
    List<Integer> items = range(MAP_ITEMS);
    long start = System.nanoTime();
    List<Integer> results = pool.map((Integer x) -> x, items);
    double seconds = (System.nanoTime() - start) / 1e9;
    check(results, items, "no-op map");
    return MAP_ITEMS / seconds;
  }

  private static void applyRoundTrips(Pool pool, Histogram micros) throws Exception {
    for (int i = 0; i < APPLY_CALLS; i++) {
      long start = System.nanoTime();
      int result = pool.apply((Integer x) -> x, i);
      micros.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start));
      if (result != i) {
        throw new IllegalStateException("apply " + i + " returned " + result);
      }
    }
  }

  /** Starts one JVM per item, all at once as the Python seed does, and waits for every one. */
  private static double separateJvms(Manager manager, List<Integer> items, List<Integer> expected)
      throws Exception {
    manager.delete(RESULTS);
    Map<Integer, Integer> results = manager.dict(RESULTS);
    long start = System.nanoTime();
    List<JvmProcess> processes = new ArrayList<>();
    for (int item : items) {
      processes.add(
          JvmProcess.builder(OneTask.class)
              .manager(manager)
              .daemon(true)
              .jvmOptions(FAST_START)
              .args(Integer.toString(item))
              .start());
    }
    for (JvmProcess process : processes) {
      if (!process.join(Duration.ofMinutes(2)) || process.exitCode().orElse(-1) != 0) {
        throw new IllegalStateException(process + " failed");
      }
    }
    double millis = millisSince(start);
    check(items.stream().map(results::get).collect(Collectors.toList()), expected, "separate JVMs");
    return millis;
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().collect(Collectors.toList());
  }

  private static void check(List<Integer> actual, List<Integer> expected, String what) {
    if (!actual.equals(expected)) {
      throw new IllegalStateException(what + " returned wrong results");
    }
  }

  private static double millisSince(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** One separate JVM: squares {@code args[0]} and records it in the results dict. */
  static final class OneTask {
    public static void main(String[] args) {
      int x = Integer.parseInt(args[0]);
      try (Manager manager = Manager.fromEnvironment()) {
        manager.<Integer, Integer>dict(RESULTS).put(x, square(x));
      }
    }
  }
}
