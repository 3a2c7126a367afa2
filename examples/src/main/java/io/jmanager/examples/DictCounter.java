package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fifty JVMs each take one from a shared counter that starts at 100, as in the Python seed where 50
 * processes run {@code dic['count'] -= 1}. Python's version races; {@code merge} is atomic on the
 * server, so the result is exactly 50 every time.
 */
public final class DictCounter {
  private static final String DICT = "counter";
  private static final int PROCESSES = 50;

  private DictCounter() {}

  /** Runs the parent: creates the counter, starts 50 children, prints the result. */
  public static void main(String[] args) throws InterruptedException {
    try (Manager manager = Manager.fromEnvironment()) {
      manager.delete(DICT);
      Map<String, Integer> dict = manager.dict(DICT);
      dict.put("count", 100);
      List<JvmProcess> children = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        children.add(Children.spawn(manager, Decrement.class));
      }
      boolean allExited = Children.joinAll(children);
      System.out.println("main process: " + dict);
      int count = dict.get("count");
      System.out.println(
          PROCESSES
              + " JVMs decremented 100 -> "
              + count
              + (count == 50 ? " (exact)" : " (WRONG)"));
      System.exit(allExited && count == 50 ? 0 : 1);
    }
  }

  /** One child: decrements the counter once. */
  static final class Decrement {
    public static void main(String[] args) {
      try (Manager manager = Manager.fromEnvironment()) {
        manager.<String, Integer>dict(DICT).merge("count", -1, Integer::sum);
      }
    }
  }
}
