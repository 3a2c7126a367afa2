package io.jmanager.client;

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

  static int square(int x) {
    return x * x;
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

  /** A value class that must be registered to travel. */
  record Point(int x, int y) {}
}
