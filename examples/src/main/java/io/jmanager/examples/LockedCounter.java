package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedLock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Python seed's 50-process counter done the way it meant to: each JVM reads the count and
 * writes it back minus one while holding a shared RLock, so no update is lost.
 */
public final class LockedCounter {
  private static final String DICT = "locked-counter";
  private static final String LOCK = "locked-counter-lock";
  private static final int PROCESSES = 50;

  private LockedCounter() {}

  /** Runs the parent: starts 50 children and prints the final count. */
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
      int count = dict.get("count");
      System.out.println(
          "main process: " + dict + (count == 50 ? " (exact, under a shared rlock)" : " (WRONG)"));
      System.exit(allExited && count == 50 ? 0 : 1);
    }
  }

  /** One child: a read and a write of the counter, under the lock. */
  static final class Decrement {
    public static void main(String[] args) {
      try (Manager manager = Manager.fromEnvironment()) {
        Map<String, Integer> dict = manager.dict(DICT);
        SharedLock lock = manager.rlock(LOCK);
        try (SharedLock.Held held = lock.locked()) {
          dict.put("count", dict.get("count") - 1);
        }
      }
    }
  }
}
