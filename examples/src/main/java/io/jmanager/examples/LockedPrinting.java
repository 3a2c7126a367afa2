package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedLock;
import java.util.ArrayList;
import java.util.List;

/**
 * Ten JVMs print under one shared lock, as the Python seed's {@code f(l, i)} does: each holds the
 * lock while it prints two lines, so no other JVM's line comes between them.
 */
public final class LockedPrinting {
  private static final String LOCK = "print-lock";

  private LockedPrinting() {}

  /** Runs the parent: starts ten children and waits for them. */
  public static void main(String[] args) throws InterruptedException {
    try (Manager manager = Manager.fromEnvironment()) {
      manager.delete(LOCK);
      List<JvmProcess> children = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        children.add(Children.spawn(manager, Printer.class, Integer.toString(i)));
      }
      boolean allExited = Children.joinAll(children);
      System.out.println("ten JVMs printed, each pair of lines together");
      System.exit(allExited ? 0 : 1);
    }
  }

  /** One child: prints its greeting while holding the lock. */
  static final class Printer {
    public static void main(String[] args) {
      try (Manager manager = Manager.fromEnvironment()) {
        SharedLock lock = manager.lock(LOCK);
        lock.lock();
        try {
          System.out.println("hello world " + args[0]);
          System.out.println(
              "  (still " + args[0] + ", pid " + ProcessHandle.current().pid() + ")");
        } finally {
          lock.unlock();
        }
      }
    }
  }
}
