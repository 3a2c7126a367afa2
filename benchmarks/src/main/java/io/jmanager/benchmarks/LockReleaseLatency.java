package io.jmanager.benchmarks;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedLock;
import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Measures how long a lock stays held after its holder's JVM is killed: for each trial a child JVM
 * holds a shared lock, a thread here waits for it on the server, the child gets SIGKILL, and the
 * time until the waiter holds the lock is recorded. Runs against a server in this JVM on 127.0.0.1;
 * prints p50, p99 and max. Usage: {@code LockReleaseLatency [trials]} (default 100).
 */
public final class LockReleaseLatency {
  private static final int BATCH = 10;
  private static final String[] FAST_START = {
    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m"
  };

  private LockReleaseLatency() {}

  /** Runs the trials and prints the distribution. */
  public static void main(String[] args) throws Exception {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    Histogram micros = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
    try (ManagerServer server = ManagerServer.start(ServerConfig.builder().port(0).build());
        Manager manager = Manager.connect("127.0.0.1", server.port(), new byte[0])) {
      for (int first = 0; first < trials; first += BATCH) {
        runBatch(manager, first, Math.min(BATCH, trials - first), micros);
      }
    }
    System.out.printf(
        "lock release after SIGKILL of its holder, %d trials: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        micros.getTotalCount(),
        micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0,
        micros.getMaxValue() / 1000.0);
  }

  private static void runBatch(Manager manager, int first, int count, Histogram micros)
      throws Exception {
    List<JvmProcess> holders = new ArrayList<>();
    for (int i = first; i < first + count; i++) {
      holders.add(
          JvmProcess.builder(Holder.class)
              .manager(manager)
              .daemon(true)
              .jvmOptions(FAST_START)
              .args("latency-" + i)
              .start());
    }
    for (int i = 0; i < count; i++) {
      String name = "latency-" + (first + i);
      Map<String, Long> ready = manager.dict(name + "-ready");
      while (!ready.containsKey("pid")) {
        if (holders.get(i).join(Duration.ofMillis(20))) {
          throw new IllegalStateException("holder " + name + " exited early");
        }
      }
      micros.recordValue(trial(manager.lock(name), holders.get(i)));
    }
  }

  /** Kills the holder once a waiter is parked; returns microseconds until the waiter holds it. */
  private static long trial(SharedLock lock, JvmProcess holder) throws Exception {
    CompletableFuture<Long> acquiredAt = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              lock.lock();
              acquiredAt.complete(System.nanoTime());
              lock.unlock();
            });
    waiter.start();
    while (lock.queueLength() == 0) {
      Thread.onSpinWait();
    }
    long killedAt = System.nanoTime();
    holder.kill();
    long latency = acquiredAt.get(10, TimeUnit.SECONDS) - killedAt;
    holder.join();
    return TimeUnit.NANOSECONDS.toMicros(latency);
  }

  /** A child JVM: takes lock {@code args[0]}, says so in dict {@code args[0]-ready}, waits. */
  static final class Holder {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        manager.lock(args[0]).lock();
        manager.<String, Long>dict(args[0] + "-ready").put("pid", ProcessHandle.current().pid());
        manager.<String>queue(args[0] + "-forever").take();
      }
    }
  }
}
