package io.jmanager.engines;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A closed loop over one engine's member: each caller submits a 64-byte entry and waits until the
 * member has synced it to disk and applied it, then submits the next. Prints commits per second
 * and the latency of one commit over the measured window.
 */
final class Commits {
  /** Arguments: callers, a directory for the log, warm-up seconds, measured seconds. */
  record Arguments(int callers, Path directory, int warmup, int seconds) {
    static Arguments of(String[] args) {
      return new Arguments(
          Integer.parseInt(args[0]),
          Path.of(args[1]),
          Integer.parseInt(args[2]),
          Integer.parseInt(args[3]));
    }
  }

  private Commits() {}

  /** Runs the loop on {@code submit}, which completes once an entry is synced and applied. */
  static void measure(
      String engine, Arguments arguments, Function<byte[], CompletableFuture<?>> submit)
      throws InterruptedException {
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    long[][] latencies = new long[arguments.callers()][1_000_000];
    int[] counts = new int[arguments.callers()];
    Thread[] callers = new Thread[arguments.callers()];
    for (int c = 0; c < callers.length; c++) {
      int caller = c;
      callers[c] =
          new Thread(
              () -> {
                byte[] entry = new byte[64];
                while (!stop.get()) {
                  long start = System.nanoTime();
                  submit.apply(entry).join();
                  if (measuring.get() && counts[caller] < latencies[caller].length) {
                    latencies[caller][counts[caller]++] = System.nanoTime() - start;
                  }
                }
              });
      callers[c].start();
    }
    Thread.sleep(arguments.warmup() * 1000L);
    measuring.set(true);
    long begin = System.nanoTime();
    Thread.sleep(arguments.seconds() * 1000L);
    measuring.set(false);
    long elapsed = System.nanoTime() - begin;
    stop.set(true);
    for (Thread caller : callers) {
      caller.join();
    }
    long[] all = merged(latencies, counts);
    System.out.printf(
        "%-6s %2d callers: %,8.0f commits/s  p50 %,6.0f us  p99 %,7.0f us%n",
        engine,
        arguments.callers(),
        all.length * 1e9 / elapsed,
        all[all.length / 2] / 1e3,
        all[(int) (all.length * 0.99)] / 1e3);
  }

  private static long[] merged(long[][] latencies, int[] counts) {
    long[] all = new long[Arrays.stream(counts).sum()];
    int at = 0;
    for (int c = 0; c < counts.length; c++) {
      System.arraycopy(latencies[c], 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    return all;
  }
}
