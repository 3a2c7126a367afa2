package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedQueue;

/**
 * Twin of seed 002's two processes talking through a queue of at most five items:
 *
 * <pre>
 * def producer(q):
 *     q.put(1)
 *
 * def consumer(q):
 *     q.get()
 *
 * q = Queue(5)
 * p1 = Process(target=producer, args=(q,))
 * p2 = Process(target=consumer, args=(q,))
 * p1.start()
 * p2.start()
 * </pre>
 *
 * <p>Python's {@code Queue(5)} needs no manager; jmanager's queues live on a server, so the twin
 * starts a private one: {@code m.queue(5)}. Python's program ends without joining, and its exit
 * waits for the children; here the children use the manager, so the twin joins them before closing
 * it. Checked: both exited with 0 and the queue is empty again: the consumer got the producer's
 * item.
 */
public final class QueueTwoProcesses {
  private QueueTwoProcesses() {}

  /** Python's {@code producer}. */
  static void producer(SharedQueue<Integer> q) throws InterruptedException {
    q.put(1);
  }

  /** Python's {@code consumer}. */
  static void consumer(SharedQueue<Integer> q) throws InterruptedException {
    q.take();
  }

  /** Starts both children, waits for them and checks the queue. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start()) {
      SharedQueue<Integer> q = m.queue(5);
      JvmProcess p1 = m.process(QueueTwoProcesses::producer, q).start();
      JvmProcess p2 = m.process(QueueTwoProcesses::consumer, q).start();
      p1.join();
      p2.join();
      System.out.println("queue size after both: " + q.size());
      Check.exitedCleanly(p1, p2);
      Check.that(q.isEmpty(), "the consumer took the producer's item");
    }
    Check.exit();
  }
}
