package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A producer JVM and a slower consumer JVM share a queue, as in the Python seed: when more than
 * five items wait, the producer gives up the oldest one and pauses. The parent monitors the queue
 * size and both processes, and checks at the end that every item was either consumed or given up.
 */
public final class ProducerConsumer {
  private static final String QUEUE = "pc-queue";
  private static final String STATS = "pc-stats";
  private static final int ITEMS = 40;
  private static final int STOP = -1;

  private ProducerConsumer() {}

  /** Runs the parent: starts both children and prints a status line every half second. */
  public static void main(String[] args) throws InterruptedException {
    try (Manager manager = Manager.fromEnvironment()) {
      manager.delete(QUEUE);
      manager.delete(STATS);
      SharedQueue<Integer> queue = manager.queue(QUEUE);
      Map<String, Integer> stats = manager.dict(STATS);
      JvmProcess producer = Children.spawn(manager, Producer.class);
      JvmProcess consumer = Children.spawn(manager, Consumer.class);
      while (!consumer.join(Duration.ofMillis(500))) {
        System.out.printf(
            "= queue size: %d | producer alive: %s | consumer alive: %s%n",
            queue.size(), producer.isAlive(), consumer.isAlive());
      }
      boolean exited = Children.joinAll(List.of(producer, consumer));
      int consumed = stats.getOrDefault("consumed", 0);
      int givenUp = stats.getOrDefault("given up", 0);
      boolean right = consumed + givenUp == ITEMS;
      System.out.printf(
          "produced %d, consumed %d, given up %d: %s%n",
          ITEMS, consumed, givenUp, right ? "none lost" : "ITEMS LOST");
      System.exit(exited && right ? 0 : 1);
    }
  }

  /** Puts 1 to 40, one every 50 ms, dropping the oldest item whenever more than 5 wait. */
  static final class Producer {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        SharedQueue<Integer> queue = manager.queue(QUEUE);
        Map<String, Integer> stats = manager.dict(STATS);
        for (int count = 1; count <= ITEMS; count++) {
          if (queue.size() > 5) {
            Integer oldest = queue.poll();
            if (oldest != null) {
              System.out.println("give up value: " + oldest);
              stats.merge("given up", 1, Integer::sum);
              Thread.sleep(100);
            }
          }
          queue.put(count);
          Thread.sleep(50);
        }
        queue.put(STOP);
      }
    }
  }

  /** Takes items until the stop marker, spending 120 ms on each. */
  static final class Consumer {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        SharedQueue<Integer> queue = manager.queue(QUEUE);
        Map<String, Integer> stats = manager.dict(STATS);
        for (int item = queue.take(); item != STOP; item = queue.take()) {
          System.out.println("consumed: " + item);
          stats.merge("consumed", 1, Integer::sum);
          Thread.sleep(120);
        }
      }
    }
  }
}
