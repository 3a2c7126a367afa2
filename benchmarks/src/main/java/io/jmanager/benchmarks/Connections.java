package io.jmanager.benchmarks;

import io.jmanager.client.Manager;
import io.jmanager.client.ServerBusyException;
import io.jmanager.client.SharedDict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Many connections at once: opens {@code connections} managers (one connection each) to a daemon in
 * its own JVM, runs a light load spread over all of them (8 threads, each walking its share of the
 * connections and doing a put and a get on each in turn) for {@code seconds}, checks every key,
 * checks that connections over the daemon's limit are refused as busy, closes them all, and reports
 * the daemon's threads and heap at each stage. Usage: {@code Connections [connections] [seconds]}.
 */
public final class Connections {
  private static final int THREADS = 8;
  private static final int EXTRA = 100;

  private Connections() {}

  /**
   * Opens {@link #EXTRA} connections over the limit, each of which must be refused as busy, and
   * checks that the connections already open still work.
   */
  private static void refuseExtra(int port, List<SharedDict<String, Integer>> dicts) {
    Histogram refusals = new Histogram(3);
    for (int i = 0; i < EXTRA; i++) {
      long begin = System.nanoTime();
      try (Manager extra = Manager.connect("127.0.0.1", port, new byte[0])) {
        throw new IllegalStateException("connection " + extra + " over the limit was accepted");
      } catch (ServerBusyException expected) {
        refusals.recordValue(System.nanoTime() - begin);
      }
    }
    for (int i = 0; i < dicts.size(); i++) {
      JmanagerPeer.expect("value of c" + i + " after the refusals", dicts.get(i).get("c" + i), i);
    }
    System.out.printf(
        "%d connections over the limit: all refused as busy, p50 %.0f us, max %.0f us;"
            + " the %,d open connections still answer%n",
        EXTRA,
        refusals.getValueAtPercentile(50) / 1000.0,
        refusals.getMaxValue() / 1000.0,
        dicts.size());
  }

  /** Runs the measurement and prints one line per stage. */
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    // All connections come from 127.0.0.1: the per-address limit is set to exactly that many, so
    // the extra connections opened at the end must each be refused.
    List<String> limits =
        List.of(
            "--max-connections", String.valueOf(count),
            "--max-connections-per-address", String.valueOf(count));
    try (Daemon daemon =
        Daemon.start(Path.of("manager-server/target/manager-server.jar"), List.of(), limits)) {
      long pid = daemon.pid();
      long threadsIdle = Footprint.threads(pid);
      long heapIdle = Footprint.heapAfterGc(pid);
      List<Manager> managers = new ArrayList<>(count);
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        managers.add(Manager.connect("127.0.0.1", daemon.port(), new byte[0]));
      }
      double openSeconds = (System.nanoTime() - start) / 1e9;
      long threadsOpen = Footprint.threads(pid);
      long heapOpen = Footprint.heapAfterGc(pid);
      System.out.printf(
          "%,d connections opened in %.1f s; daemon threads %d -> %d, heap +%,d bytes"
              + " (%,d bytes per connection)%n",
          count,
          openSeconds,
          threadsIdle,
          threadsOpen,
          heapOpen - heapIdle,
          (heapOpen - heapIdle) / count);

      List<SharedDict<String, Integer>> dicts = new ArrayList<>(count);
      for (Manager manager : managers) {
        dicts.add(manager.dict("connections"));
      }
      Recorder recorder = new Recorder(3);
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<Long>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t;
        workers.add(
            pool.submit(
                () -> {
                  long rounds = 0;
                  while (!stop.get()) {
                    for (int i = first; i < count && !stop.get(); i += THREADS) {
                      long begin = System.nanoTime();
                      dicts.get(i).put("c" + i, i);
                      Integer read = dicts.get(i).get("c" + i);
                      recorder.recordValue(System.nanoTime() - begin);
                      if (read == null || read != i) {
                        throw new IllegalStateException("connection " + i + " read " + read);
                      }
                    }
                    rounds++;
                  }
                  return rounds;
                }));
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
      Histogram window = recorder.getIntervalHistogram();
      stop.set(true);
      pool.shutdown();
      for (Future<Long> worker : workers) {
        worker.get(1, TimeUnit.MINUTES);
      }
      long threadsLoaded = Footprint.threads(pid);
      SharedDict<String, Integer> check = dicts.get(0);
      JmanagerPeer.expect("keys written", check.size(), count);
      for (int i = 0; i < count; i++) {
        JmanagerPeer.expect("value of c" + i, check.get("c" + i), i);
      }
      System.out.printf(
          "light load over all %,d connections for %d s: %,.0f put+get pairs/s, pair p50 %.0f us,"
              + " p99 %.0f us; daemon threads %d; every key checked%n",
          count,
          seconds,
          window.getTotalCount() / (double) seconds,
          window.getValueAtPercentile(50) / 1000.0,
          window.getValueAtPercentile(99) / 1000.0,
          threadsLoaded);
      refuseExtra(daemon.port(), dicts);
      for (Manager manager : managers) {
        manager.close();
      }
      long heapClosed = Footprint.heapAfterGc(pid);
      System.out.printf(
          "all closed: daemon threads %d, heap %+,d bytes against the idle daemon%n",
          Footprint.threads(pid), heapClosed - heapIdle);
    }
  }
}
