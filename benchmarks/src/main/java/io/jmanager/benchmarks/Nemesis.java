package io.jmanager.benchmarks;

import io.jmanager.client.Admin;
import io.jmanager.client.Manager;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The faults of the cluster soak, one at a time on a cluster of three: in turn, the leader killed
 * with SIGKILL, a follower killed, the leader stopped with SIGSTOP, a follower stopped. Each fault
 * lasts {@code hold}, then the member is started again on its directory or let run with SIGCONT;
 * the next waits until every member has committed what the leader has (a cluster of three with one
 * member down and another behind could not elect anyone), and {@code every} after the last began.
 * Runs on a thread of its own from {@link #start} to {@link #close}, which heals the fault in
 * progress. Notes each fault, and as failures a cluster that did not recover.
 */
final class Nemesis implements AutoCloseable {
  /** How long the members get to catch up before the next fault. */
  private static final Duration CATCH_UP = Duration.ofSeconds(60);

  private enum Fault {
    KILL_LEADER("SIGKILL", true),
    KILL_FOLLOWER("SIGKILL", false),
    PAUSE_LEADER("SIGSTOP", true),
    PAUSE_FOLLOWER("SIGSTOP", false);

    final String signal;
    final boolean leader;

    Fault(String signal, boolean leader) {
      this.signal = signal;
      this.leader = leader;
    }
  }

  private final ClusterDeployment cluster;
  private final Manager watcher;
  private final long everyNanos;
  private final long holdNanos;
  private final long origin = System.nanoTime();
  private final List<String> events = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final Thread thread = new Thread(this::run, "nemesis");
  private final CountDownLatch stop = new CountDownLatch(1);
  private int faults;

  /** Faults on {@code cluster}, which {@code watcher} (connected to it) asks who leads. */
  Nemesis(ClusterDeployment cluster, Manager watcher, Duration every, Duration hold) {
    this.cluster = cluster;
    this.watcher = watcher;
    this.everyNanos = every.toNanos();
    this.holdNanos = hold.toNanos();
  }

  void start() {
    thread.start();
  }

  /** Ends the fault in progress, if any, and stops. */
  @Override
  public void close() throws InterruptedException {
    stop.countDown();
    thread.join();
  }

  /** Each fault, with when it began (seconds from the start) and on which member. */
  synchronized List<String> events() {
    return List.copyOf(events);
  }

  /** Times the cluster did not recover from a fault. */
  synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  synchronized int faults() {
    return faults;
  }

  private void run() {
    try {
      long next = System.nanoTime() + everyNanos;
      while (!stop.await(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        Admin.ClusterInfo info = ClusterDeployment.awaitCaughtUp(watcher, CATCH_UP);
        next = System.nanoTime() + everyNanos;
        inject(Fault.values()[faults() % Fault.values().length], info);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      note(failures, "the cluster did not recover: " + e);
    }
  }

  /** Brings the fault on, holds it (less when stopping), and heals it. */
  private void inject(Fault fault, Admin.ClusterInfo info)
      throws IOException, InterruptedException {
    int leader = ClusterDeployment.index(info.leader());
    int victim = fault.leader ? leader : (leader + 1 + faults() % 2) % 3;
    if (fault.signal.equals("SIGKILL")) {
      cluster.kill(victim);
    } else {
      cluster.pause(victim);
    }
    synchronized (this) {
      faults++;
    }
    note(
        events,
        String.format(
            Locale.ROOT,
            "%6.1f s  %s %s n%d (term %d)",
            (System.nanoTime() - origin) / 1e9,
            fault.signal,
            fault.leader ? "leader" : "follower",
            victim + 1,
            info.term()));
    stop.await(holdNanos, TimeUnit.NANOSECONDS);
    if (fault.signal.equals("SIGKILL")) {
      cluster.startMember(victim);
    } else {
      cluster.resume(victim);
    }
  }

  private synchronized void note(List<String> list, String line) {
    list.add(line);
  }
}
