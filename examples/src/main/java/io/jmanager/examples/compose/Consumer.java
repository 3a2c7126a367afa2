package io.jmanager.examples.compose;

import io.jmanager.client.Manager;
import io.jmanager.client.SharedDict;
import io.jmanager.client.SharedJoinableQueue;

/**
 * Takes orders until told to stop, counting each in the shared stats under {@code consumed} and
 * {@code consumed-by-NAME}, and marks each done so the producer's {@code join} can return.
 */
public final class Consumer {
  private static final String USAGE = "Consumer NAME PARTS";

  private Consumer() {}

  /** Runs one consumer; args: its name, parts of the demo. */
  public static void main(String[] args) throws InterruptedException {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: " + USAGE);
    }
    String name = args[0];
    int parts = Demo.count(args, 1, USAGE);
    int eaten = 0;
    try (Manager manager = Manager.fromEnvironment()) {
      SharedJoinableQueue<String> queue = Demo.orders(manager);
      SharedDict<String, Integer> stats = Demo.stats(manager);
      while (true) {
        String order = queue.take();
        if (order.equals(Demo.STOP)) {
          queue.taskDone();
          break;
        }
        stats.merge("consumed", 1, Integer::sum);
        stats.merge("consumed-by-" + name, 1, Integer::sum);
        eaten++;
        queue.taskDone();
      }
      System.out.println("consumer " + name + ": handled " + eaten + " orders");
      Demo.finished(manager, parts);
    }
  }
}
