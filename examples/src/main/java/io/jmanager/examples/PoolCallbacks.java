package io.jmanager.examples;

import io.jmanager.client.Manager;
import io.jmanager.client.Pool;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code apply_async} with a {@code callback}, from both seeds: ten {@code Foo(i)} tasks that work
 * for a second and return {@code i + 100}, with {@code Bar} printing each result as it comes; then
 * ten {@code func1(10)} tasks whose callback {@code func2} shows it runs in the submitting JVM, not
 * in the worker.
 */
public final class PoolCallbacks {
  private PoolCallbacks() {}

  /** The seed's {@code Foo}: a second of work, then {@code i + 100}. */
  static int foo(int i) {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return i + 100;
  }

  /** The seed's {@code func1}: prints the worker's pid and returns the square. */
  static int func1(int n) {
    System.out.println("in func1 " + ProcessHandle.current().pid());
    return n * n;
  }

  /** Runs both seeds' callback programs on one pool of five worker JVMs. */
  public static void main(String[] args) throws Exception {
    List<Integer> done = new CopyOnWriteArrayList<>();
    List<Integer> squares = new CopyOnWriteArrayList<>();
    try (Manager manager = Manager.fromEnvironment()) {
      System.out.println("main process: " + ProcessHandle.current().pid());
      Pool pool =
          manager.pool(
              "pool-callbacks", Pool.options().processes(5).jvmOptions(Children.FAST_START));
      for (int i = 0; i < 10; i++) {
        pool.applyAsync(
            PoolCallbacks::foo,
            i,
            (Integer result) -> {
              System.out.println("-->exec done: " + result);
              done.add(result);
            });
      }
      for (int i = 0; i < 10; i++) {
        pool.applyAsync(
            PoolCallbacks::func1,
            10,
            (Integer nn) -> {
              System.out.println("in func2 " + ProcessHandle.current().pid());
              System.out.println(nn);
              squares.add(nn);
            });
      }
      System.out.println("end");
      pool.shutdown();
      pool.join();
    }
    boolean ok =
        done.size() == 10 && squares.size() == 10 && squares.stream().allMatch(nn -> nn == 100);
    System.out.println(ok ? "20 callbacks ran in the main JVM" : "WRONG: " + done + " " + squares);
    System.exit(ok ? 0 : 1);
  }
}
