package io.jmanager.benchmarks;

import io.jmanager.client.Manager;
import io.jmanager.client.SharedDict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how long a cluster of three takes to answer a write again after its leader is killed:
 * one client writes without pause (each write a new key of a dict), and for each trial the leader
 * gets SIGKILL; the time from the kill to the answer of the first write sent after it is the
 * failover time. Each trial starts once every member has committed what the leader has (a member
 * with an empty log cannot vote), and the killed member is started again on its directory after it.
 * At the end every answered write must be in the dict. Prints p50 and max. Usage: {@code Failover
 * [kills] [server jar]} (default 10, manager-server/target/manager-server.jar).
 */
public final class Failover {
  /** How long the members get to catch up with the leader before a trial. */
  private static final Duration CATCH_UP = Duration.ofSeconds(60);

  private Failover() {}

  /** Runs the trials and prints each failover time, then p50 and max. */
  public static void main(String[] args) throws Exception {
    int kills = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path jar = Path.of(args.length > 1 ? args[1] : "manager-server/target/manager-server.jar");
    List<Double> seconds = new ArrayList<>();
    try (ClusterDeployment cluster = ClusterDeployment.start(jar);
        Manager writer = cluster.connect();
        Manager watcher = cluster.connect()) {
      SharedDict<Long, Long> dict = writer.dict("failover");
      AtomicLong answered = new AtomicLong();
      AtomicReference<Answer> last = new AtomicReference<>(new Answer(0, 0));
      AtomicBoolean stop = new AtomicBoolean();
      CompletableFuture<Void> writes =
          CompletableFuture.runAsync(
              () -> {
                for (long key = 0; !stop.get(); key++) {
                  long sent = System.nanoTime();
                  dict.put(key, key);
                  answered.set(key + 1);
                  last.set(new Answer(sent, System.nanoTime()));
                }
              });
      for (int trial = 0; trial < kills; trial++) {
        int leader =
            ClusterDeployment.index(ClusterDeployment.awaitCaughtUp(watcher, CATCH_UP).leader());
        long killed = System.nanoTime();
        cluster.kill(leader);
        while (last.get().sent() <= killed && !writes.isDone()) {
          LockSupport.parkNanos(100_000);
        }
        double took = (last.get().answered() - killed) / 1e9;
        seconds.add(took);
        System.out.printf(Locale.ROOT, "kill %d of n%d: %.3f s%n", trial + 1, leader + 1, took);
        cluster.startMember(leader);
      }
      stop.set(true);
      writes.get(60, TimeUnit.SECONDS);
      check(dict, answered.get());
    }
    Collections.sort(seconds);
    System.out.printf(
        Locale.ROOT,
        "failover over %d kills of the leader: p50 %.3f s, max %.3f s%n",
        seconds.size(),
        seconds.get((seconds.size() - 1) / 2),
        seconds.get(seconds.size() - 1));
  }

  /** When a write was sent and when its answer came, in {@link System#nanoTime()}. */
  private record Answer(long sent, long answered) {}

  /** Every answered write is there: keys 0 to {@code answered} - 1. */
  private static void check(SharedDict<Long, Long> dict, long answered) {
    for (long key = 0; key < answered; key++) {
      Long value = dict.get(key);
      if (value == null || value != key) {
        throw new IllegalStateException("answered write " + key + " reads back as " + value);
      }
    }
    System.out.printf(Locale.ROOT, "all %d answered writes are there%n", answered);
  }
}
