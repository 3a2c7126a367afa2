package io.jmanager.examples;

import io.jmanager.client.Manager;
import io.jmanager.client.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The seed's three ways of getting results from {@code Pool(5)}: {@code apply} in a loop (each call
 * waits), {@code apply_async} of ten tasks whose results are collected and printed in order, and
 * {@code map} over 100 items; then ten fire-and-forget tasks printing their start and end from the
 * workers, followed by {@code close()} and {@code join()}.
 */
public final class PoolResults {
  private PoolResults() {}

  /** The seed's {@code func}: half a second of work, then the square. */
  static int slowSquare(int i) {
    pause(500);
    return i * i;
  }

  /** Prints its start and end with the worker's pid, a second apart. */
  static int startAndEnd(int n) {
    long pid = ProcessHandle.current().pid();
    System.out.println("start func" + n + " " + pid);
    pause(1000);
    System.out.println("end func" + n + " " + pid);
    return n;
  }

  /** The simulated work of the seed's {@code time.sleep}. */
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs the four parts against one pool of five worker JVMs. */
  public static void main(String[] args) throws Exception {
    List<Integer> expected = IntStream.range(0, 100).map(i -> i * i).boxed().toList();
    try (Manager manager = Manager.fromEnvironment()) {
      Pool pool =
          manager.pool("pool-results", Pool.options().processes(5).jvmOptions(Children.FAST_START));

      System.out.println("apply, one at a time:");
      for (int i = 0; i < 10; i++) {
        System.out.println(pool.apply((Integer x) -> x * x, i));
      }

      System.out.println("applyAsync, ten at once, results printed in order:");
      List<CompletableFuture<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        futures.add(pool.applyAsync(PoolResults::slowSquare, i));
      }
      for (CompletableFuture<Integer> future : futures) {
        System.out.println(future.get());
      }

      System.out.println("map over range(100):");
      List<Integer> squares =
          pool.map((Integer x) -> x * x, IntStream.range(0, 100).boxed().toList());
      System.out.println(squares);

      System.out.println("applyAsync without waiting, then shutdown (Python's close) and join:");
      for (int i = 0; i < 10; i++) {
        pool.applyAsync(PoolResults::startAndEnd, i);
      }
      pool.shutdown();
      pool.join();

      boolean ok =
          squares.equals(expected)
              && futures.stream()
                  .map(CompletableFuture::join)
                  .collect(Collectors.toList())
                  .equals(expected.subList(0, 10));
      System.out.println(ok ? "all results correct" : "WRONG results");
      System.exit(ok ? 0 : 1);
    }
  }
}
