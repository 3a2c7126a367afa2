package io.jmanager.client;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Code that pool tests run in worker JVMs. */
final class PoolTasks {
  /** Set by the initializer in a worker JVM. */
  static volatile String state = "not initialized";

  private PoolTasks() {}

  static long pid() {
    return ProcessHandle.current().pid();
  }

  /** Counts one more run in the dict {@code key}; returns the count. */
  static int countRun(String key) {
    return PoolWorker.manager().<String, Integer>dict(key).merge("runs", 1, Integer::sum);
  }

  static int volume(int a, int b, int c) {
    return a * b * c;
  }

  static int square(int x) {
    return x * x;
  }

  /** Returns {@code x}, once the event {@code name} is set if {@code x} is 1. */
  static int returnOnceSet(String name, int x) throws InterruptedException {
    if (x == 1) {
      PoolWorker.manager().event(name).await();
    }
    return x;
  }

  /** Squares {@code x} after a pause that makes later items finish before earlier ones. */
  static int slowSquare(int x) {
    pause((10 - x % 10) * 5L);
    return x * x;
  }

  /** Simulated work: the worker is busy, the test waits on results, never on time. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Counts attempts in the dict {@code key-attempts}; the first one announces its worker's pid on
   * the queue {@code key} and waits for ever (until its JVM is killed); later ones return the
   * attempt number.
   */
  static int blockFirstAttempt(String key) {
    Manager manager = PoolWorker.manager();
    int attempt =
        manager.<String, Integer>dict(key + "-attempts").merge("attempts", 1, Integer::sum);
    if (attempt == 1) {
      manager.<Long>queue(key).add(pid());
      blockForever(key);
    }
    return attempt;
  }

  /** Announces this worker's pid on the queue {@code key} and waits until the JVM dies. */
  static long announceAndBlock(String key) {
    PoolWorker.manager().<Long>queue(key).add(pid());
    blockForever(key);
    return pid();
  }

  private static void blockForever(String key) {
    SharedEvent never = PoolWorker.manager().event(key + "-never");
    while (true) {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * A program with a pool of its own: starts a pool named {@code args[0]} of two workers, each of
   * which records its pid in the list {@code args[1]-workers}; once a second program is there too
   * (barrier {@code args[0]-start}), maps 40 tasks, and records the pid of each task's worker in
   * the list {@code args[1]-tasks}.
   */
  static final class Program {
    public static void main(String[] args) throws Exception {
      String label = args[1];
      try (Manager manager = Manager.fromEnvironment()) {
        Pool.Options options =
            Pool.options()
                .processes(2)
                .jvmOptions(Children.FAST_START)
                .initializer(() -> PoolWorker.manager().<Long>list(label + "-workers").add(pid()));
        try (Pool pool = manager.pool(args[0], options)) {
          manager.barrier(args[0] + "-start", 2).await();
          List<Integer> items = IntStream.range(0, 40).boxed().collect(Collectors.toList());
          List<Long> pids =
              pool.map(
                  x -> {
                    pause(10);
                    return pid();
                  },
                  items,
                  1);
          manager.<Long>list(label + "-tasks").addAll(pids);
        }
      }
    }
  }

  /** A value class that must be registered to travel. */
  record Point(int x, int y) {}
}
