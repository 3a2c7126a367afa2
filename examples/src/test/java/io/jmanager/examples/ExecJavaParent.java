package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parent program for {@code mvn exec:java}: three child JVMs each add one to a shared count, and
 * a pool of two worker JVMs squares ten numbers. Exits 0 when both results are right, 1 otherwise;
 * a child that cannot start makes its {@code join} throw, which exits non-zero too.
 */
public final class ExecJavaParent {
  static final String DONE = "exec:java parent: 3 children counted, the pool squared 0..9";

  private ExecJavaParent() {}

  /** Runs the children and the pool, and exits 0 when their results are right. */
  public static void main(String[] args) throws InterruptedException {
    try (Manager manager = Manager.fromEnvironment()) {
      manager.delete("exec-java");
      Map<String, Integer> counts = manager.dict("exec-java");
      List<JvmProcess> children = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        children.add(JvmProcess.builder(Increment.class).manager(manager).daemon(true).start());
      }
      for (JvmProcess child : children) {
        child.join();
      }
      List<Integer> squares;
      try (Pool pool = manager.pool("exec-java-pool", 2)) {
        squares = pool.map(x -> x * x, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
      }
      boolean right =
          counts.getOrDefault("count", 0) == 3
              && squares.equals(List.of(0, 1, 4, 9, 16, 25, 36, 49, 64, 81));
      System.out.println(right ? DONE : "exec:java parent: WRONG " + counts + " " + squares);
      System.exit(right ? 0 : 1);
    }
  }

  /** One child: adds one to the count. */
  static final class Increment {
    public static void main(String[] args) {
      try (Manager manager = Manager.fromEnvironment()) {
        manager.<String, Integer>dict("exec-java").merge("count", 1, Integer::sum);
      }
    }
  }
}
