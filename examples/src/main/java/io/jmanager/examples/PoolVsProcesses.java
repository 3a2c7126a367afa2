package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Why a pool: the seed times {@code Pool(5).map(func, range(100))} against starting 100 processes
 * that each run {@code func} once, and prints both times. Here {@code func(n)} builds the ten lines
 * the seed prints ({@code n + 1}, ten times) and returns their count; both ways must agree.
 */
public final class PoolVsProcesses {
  private static final int TASKS = 100;
  private static final String RESULTS = "pool-vs-processes";

  private PoolVsProcesses() {}

  /** The seed's task: the ten lines {@code n + 1}; returns how many it made. */
  static int func(int n) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      lines.append(n + 1).append('\n');
    }
    return (int) lines.chars().filter(c -> c == '\n').count();
  }

  /** Times both ways and prints the two durations in seconds, as the seed does. */
  public static void main(String[] args) throws Exception {
    List<Integer> items = IntStream.range(0, TASKS).boxed().collect(Collectors.toList());
    try (Manager manager = Manager.fromEnvironment()) {
      long start = System.nanoTime();
      List<Integer> pooled;
      try (Pool pool =
          manager.pool(
              "pool-vs-processes", Pool.options().processes(5).jvmOptions(Children.FAST_START))) {
        pooled = pool.map(PoolVsProcesses::func, items);
      }
      double poolSeconds = (System.nanoTime() - start) / 1e9;

      manager.delete(RESULTS);
      Map<Integer, Integer> results = manager.dict(RESULTS);
      start = System.nanoTime();
      List<JvmProcess> processes = new ArrayList<>();
      for (int n : items) {
        processes.add(Children.spawn(manager, Func.class, Integer.toString(n)));
      }
      boolean allExited = Children.joinAll(processes);
      double processSeconds = (System.nanoTime() - start) / 1e9;

      List<Integer> separate =
          items.stream().map(n -> results.getOrDefault(n, -1)).collect(Collectors.toList());
      System.out.printf(
          "Pool(5).map over %d tasks: %.2f s; %d separate JVMs: %.2f s%n",
          TASKS, poolSeconds, TASKS, processSeconds);
      boolean agree = pooled.equals(separate);
      System.out.println(
          agree ? "both made 10 lines per task" : "results differ: " + pooled + " vs " + separate);
      System.exit(allExited && agree ? 0 : 1);
    }
  }

  /** One separate JVM: runs {@code func(n)} and records the result under {@code n}. */
  static final class Func {
    public static void main(String[] args) {
      int n = Integer.parseInt(args[0]);
      try (Manager manager = Manager.fromEnvironment()) {
        manager.<Integer, Integer>dict(RESULTS).put(n, func(n));
      }
    }
  }
}
