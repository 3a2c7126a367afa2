package io.jmanager.examples.compose;

import io.jmanager.client.Manager;
import io.jmanager.client.SharedJoinableQueue;

/**
 * Puts {@code orders} orders on the shared queue (blocking while 10 wait), waits with {@code join}
 * until the consumers have handled every one, then tells each of the {@code consumers} to stop.
 */
public final class Producer {
  private static final String USAGE = "Producer ORDERS CONSUMERS PARTS";

  private Producer() {}

  /** Runs the producer; args: orders, consumers, parts of the demo. */
  public static void main(String[] args) throws InterruptedException {
    int orders = Demo.count(args, 0, USAGE);
    int consumers = Demo.count(args, 1, USAGE);
    int parts = Demo.count(args, 2, USAGE);
    try (Manager manager = Manager.fromEnvironment()) {
      SharedJoinableQueue<String> queue = Demo.orders(manager);
      for (int i = 1; i <= orders; i++) {
        queue.put("order-" + i);
        if (i % 50 == 0) {
          System.out.println("producer: put " + i + " orders");
        }
      }
      queue.join();
      System.out.println("producer: all " + orders + " orders handled; stopping the consumers");
      for (int i = 0; i < consumers; i++) {
        queue.put(Demo.STOP);
      }
      Demo.finished(manager, parts);
    }
  }
}
