package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedDict;
import io.jmanager.client.SharedEvent;
import io.jmanager.client.SharedSemaphore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A program for seed 003's recap of {@code Semaphore} and {@code Event}, which has notes but no
 * program: "a semaphore lets only so many processes run a guarded piece of code at once"; "{@code
 * wait} blocks while the event is false, {@code set()} makes it true". Six processes wait for a
 * shared event, then enter a room that a semaphore of two permits guards; each records in a shared
 * dict how many were inside with it.
 *
 * <p>Checked: at least one and never more than two visitors were inside at once, and every process
 * exited with 0.
 */
public final class SemaphoreAndEvent {
  private static final int PERMITS = 2;

  private SemaphoreAndEvent() {}

  /** One visitor: waits for the event, then spends a moment in the room. */
  static void visit(SharedEvent start, SharedSemaphore room, SharedDict<String, Integer> stats)
      throws InterruptedException {
    start.await();
    String name = "visitor " + ProcessHandle.current().pid();
    try (SharedSemaphore.Permit permit = room.acquired()) {
      int inside = stats.merge("inside", 1, Integer::sum);
      stats.merge("most", inside, Math::max);
      System.out.println(name + " entered (" + inside + " inside)");
      Thread.sleep(200);
      stats.merge("inside", -1, Integer::sum);
      System.out.println(name + " left");
    }
  }

  /** Starts six visitors, sets the event, waits for them and checks the room's occupancy. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start()) {
      SharedEvent start = m.event();
      SharedSemaphore room = m.semaphore(PERMITS);
      SharedDict<String, Integer> stats = m.dict(Map.of("inside", 0, "most", 0));
      List<JvmProcess> visitors = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        visitors.add(m.process(SemaphoreAndEvent::visit, start, room, stats).start());
      }
      System.out.println("the visitors wait for the start event before entering");
      start.set();
      for (JvmProcess visitor : visitors) {
        visitor.join();
      }
      int most = stats.get("most");
      System.out.println("at most " + most + " visitors were inside at once");
      Check.that(
          most >= 1 && most <= PERMITS, "one or two visitors were inside at once, never more");
      Check.exitedCleanly(visitors);
    }
    Check.exit();
  }
}
