package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedJoinableQueue;
import java.util.List;

/**
 * Two producer JVMs and two consumer JVMs share a JoinableQueue, as in the Python seeds: each
 * producer puts ten buns and then joins the queue, which returns only when every bun put has been
 * eaten and marked done. The parent then stops the consumers and checks the count.
 */
public final class JoinableQueuePipeline {
  private static final String QUEUE = "buns";
  private static final String EATEN = "buns-eaten";
  private static final String STOP = "stop";
  private static final int PER_PRODUCER = 10;

  private JoinableQueuePipeline() {}

  /** Runs the parent: starts two producers and two consumers and waits for the producers. */
  public static void main(String[] args) throws InterruptedException {
    try (Manager manager = Manager.fromEnvironment()) {
      manager.delete(QUEUE);
      manager.delete(EATEN);
      SharedJoinableQueue<String> queue = manager.joinableQueue(QUEUE);
      List<JvmProcess> consumers =
          List.of(
              Children.spawn(manager, Consumer.class, "c1"),
              Children.spawn(manager, Consumer.class, "c2"));
      boolean produced =
          Children.joinAll(
              List.of(
                  Children.spawn(manager, Producer.class, "p1"),
                  Children.spawn(manager, Producer.class, "p2")));
      System.out.println("both producers returned from join(): every bun was eaten");
      for (int i = 0; i < consumers.size(); i++) {
        queue.put(STOP);
      }
      boolean consumed = Children.joinAll(consumers);
      int eaten = manager.<String>list(EATEN).size();
      System.out.println("buns eaten: " + eaten + " of " + 2 * PER_PRODUCER);
      System.exit(produced && consumed && eaten == 2 * PER_PRODUCER ? 0 : 1);
    }
  }

  /** Puts ten buns, then waits until all buns in the queue are marked done. */
  static final class Producer {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        SharedJoinableQueue<String> queue = manager.joinableQueue(QUEUE);
        for (int i = 0; i < PER_PRODUCER; i++) {
          String bun = args[0] + " bun " + i;
          queue.put(bun);
          System.out.println(args[0] + " made " + bun);
        }
        queue.join();
        System.out.println(args[0] + " join() returned");
      }
    }
  }

  /** Takes buns until told to stop, marking each one done after eating it. */
  static final class Consumer {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        SharedJoinableQueue<String> queue = manager.joinableQueue(QUEUE);
        for (String bun = queue.take(); !bun.equals(STOP); bun = queue.take()) {
          manager.<String>list(EATEN).add(bun);
          System.out.println(args[0] + " ate " + bun);
          queue.taskDone();
        }
        queue.taskDone();
      }
    }
  }
}
