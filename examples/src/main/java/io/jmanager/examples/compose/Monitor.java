package io.jmanager.examples.compose;

import io.jmanager.client.Manager;
import io.jmanager.client.SharedDict;
import io.jmanager.client.SharedEvent;
import io.jmanager.client.SharedJoinableQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Prints the queue size and the counts every second until every part of the demo has finished, then
 * checks the totals and prints one {@code FINAL} line; exits 0 when they are exact, 1 when they are
 * wrong or the demo took longer than {@code timeout-seconds}.
 */
public final class Monitor {
  private static final String USAGE = "Monitor ORDERS COUNTER PARTS TIMEOUT-SECONDS";

  private Monitor() {}

  /** Runs the monitor; args: orders expected, counter expected, parts, timeout in seconds. */
  public static void main(String[] args) throws InterruptedException {
    int orders = Demo.count(args, 0, USAGE);
    int counter = Demo.count(args, 1, USAGE);
    int parts = Demo.count(args, 2, USAGE);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(Demo.count(args, 3, USAGE)));
    try (Manager manager = Manager.fromEnvironment()) {
      SharedJoinableQueue<String> queue = Demo.orders(manager);
      SharedDict<String, Integer> stats = Demo.stats(manager);
      SharedEvent done = Demo.done(manager);
      boolean finished = false;
      while (!finished && Instant.now().isBefore(deadline)) {
        finished = done.await(1, TimeUnit.SECONDS);
        Map<String, Integer> snapshot = new TreeMap<>(stats);
        System.out.println("monitor: queue " + queue.size() + ", stats " + snapshot);
      }
      int consumed = stats.getOrDefault("consumed", 0);
      int counted = stats.getOrDefault("counter", 0);
      boolean exact = finished && consumed == orders && counted == counter && queue.isEmpty();
      System.out.printf(
          "FINAL consumed %d of %d orders, counter %d of %d, %d of %d parts finished: %s%n",
          consumed,
          orders,
          counted,
          counter,
          stats.getOrDefault("finished", 0),
          parts,
          exact ? "OK" : "WRONG");
      System.out.println(
          "the clients are done; the servers keep running until you stop them"
              + " (Ctrl-C, or docker compose with the same -f file: down --volumes)");
      System.exit(exact ? 0 : 1);
    }
  }
}
