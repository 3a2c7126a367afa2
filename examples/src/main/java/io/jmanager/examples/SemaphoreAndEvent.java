package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedEvent;
import io.jmanager.client.SharedSemaphore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seed's recap of Semaphore and Event: six JVMs wait for a shared event before starting, then
 * enter a room that a semaphore of two permits guards. Each records how many were inside with it;
 * the parent checks that never more than two were.
 */
public final class SemaphoreAndEvent {
  private static final String ROOM = "room";
  private static final String START = "start";
  private static final String STATS = "room-stats";
  private static final int PERMITS = 2;

  private SemaphoreAndEvent() {}

  /** Runs the parent: starts six children, sets the event, and checks the room's occupancy. */
  public static void main(String[] args) throws InterruptedException {
    try (Manager manager = Manager.fromEnvironment()) {
      for (String name : List.of(ROOM, START, STATS)) {
        manager.delete(name);
      }
      SharedEvent start = manager.event(START);
      manager.semaphore(ROOM, PERMITS);
      Map<String, Integer> stats = manager.dict(STATS);
      stats.put("inside", 0);
      stats.put("most", 0);
      List<JvmProcess> children = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        children.add(Children.spawn(manager, Visitor.class, "visitor " + i));
      }
      System.out.println("visitors start, then wait for the start event before entering");
      start.set();
      boolean allExited = Children.joinAll(children);
      int most = stats.get("most");
      System.out.println(
          "at most " + most + " visitors were inside at once (limit " + PERMITS + ")");
      System.exit(allExited && most <= PERMITS && most > 0 ? 0 : 1);
    }
  }

  /** One child: waits for the event, then spends a moment inside the room. */
  static final class Visitor {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        manager.event(START).await();
        SharedSemaphore room = manager.semaphore(ROOM, PERMITS);
        Map<String, Integer> stats = manager.dict(STATS);
        try (SharedSemaphore.Permit permit = room.acquired()) {
          int inside = stats.merge("inside", 1, Integer::sum);
          stats.merge("most", inside, Math::max);
          System.out.println(args[0] + " entered (" + inside + " inside)");
          Thread.sleep(200);
          stats.merge("inside", -1, Integer::sum);
          System.out.println(args[0] + " left");
        }
      }
    }
  }
}
