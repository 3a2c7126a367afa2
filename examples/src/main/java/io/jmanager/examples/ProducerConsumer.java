package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.QueueShutDownException;
import io.jmanager.client.SharedQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Twin of seed 000's producer and consumer on a manager's queue, watched by the main process: when
 * more than five items wait, the producer gives up the oldest and pauses.
 *
 * <pre>
 * def productor(q_queue):
 *     cnt = 0
 *     while True:
 *         cnt += 1
 *         if q_queue.qsize() &gt; 5:
 *             print('give up value:', q_queue.get())
 *             time.sleep(1)
 *         q_queue.put(cnt)
 *         time.sleep(0.5)
 *
 * def customer(q_queue):
 *     while True:
 *         if q_queue.empty():
 *             time.sleep(0.1)
 *             continue
 *         print('custom: ', q_queue.get())
 *         time.sleep(0.6)
 *
 * with Manager() as manger:
 *     q_queue = manger.Queue()
 *     p_productor = Process(target=productor, args=(q_queue, ), name='productor')
 *     p_productor.deamon = True
 *     p_productor.start()
 *     p_customer = Process(target=customer, args=(q_queue, ), name='customer')
 *     p_customer.deamon = True
 *     p_customer.start()
 *     while True:
 *         print('=' * 79)
 *         print('= check q_queue:', 'size: ', q_queue.qsize())
 *         print('= producter process status:', p_productor.is_alive())
 *         print('= customer process status:', p_customer.is_alive())
 *         print('=' * 79)
 *         time.sleep(5)
 *     p_productor.join()
 *     p_customer.join()
 * </pre>
 *
 * <p>Python's program runs for ever; the twin is bounded: the producer makes {@value #ITEMS} items,
 * then shuts the queue down, and the consumer, once the queue is shut down and empty, ends on
 * {@link QueueShutDownException}; the main process checks every second instead of every five, as
 * long as the consumer runs, then joins both. The sleeps are a fifth of Python's. ({@code deamon}
 * is misspelt in the seed, so its children are not daemons, as here.) Checked: each item was either
 * consumed or given up, exactly once, and both children exited with 0.
 */
public final class ProducerConsumer {
  static final int ITEMS = 40;

  private ProducerConsumer() {}

  /** Python's {@code productor}, ending after {@value #ITEMS} items. */
  static void productor(SharedQueue<Integer> qQueue) throws InterruptedException {
    int cnt = 0;
    while (cnt < ITEMS) {
      cnt += 1;
      if (qQueue.size() > 5) {
        System.out.println("give up value: " + qQueue.take());
        Thread.sleep(200);
      }
      qQueue.put(cnt);
      Thread.sleep(100);
    }
    qQueue.shutdown();
  }

  /** Python's {@code customer}, ending once the queue is shut down and empty. */
  static void customer(SharedQueue<Integer> qQueue) throws InterruptedException {
    try {
      while (true) {
        if (qQueue.isEmpty() && !qQueue.isShutdown()) {
          Thread.sleep(20);
          continue;
        }
        System.out.println("custom: " + qQueue.take());
        Thread.sleep(120);
      }
    } catch (QueueShutDownException end) {
      return;
    }
  }

  /** Starts both children, watches them and checks that no item was lost or doubled. */
  public static void main(String[] args) throws Exception {
    try (Manager manger = Manager.start();
        Transcript out = new Transcript()) {
      SharedQueue<Integer> qQueue = manger.queue();
      JvmProcess pProductor =
          manger
              .process(ProducerConsumer::productor, qQueue)
              .name("productor")
              .redirectOutput(out.file())
              .start();
      JvmProcess pCustomer =
          manger
              .process(ProducerConsumer::customer, qQueue)
              .name("customer")
              .redirectOutput(out.file())
              .start();
      while (pCustomer.isAlive()) {
        System.out.println("=".repeat(79));
        System.out.println("= check q_queue: size: " + qQueue.size());
        System.out.println("= producter process status: " + pProductor.isAlive());
        System.out.println("= customer process status: " + pCustomer.isAlive());
        System.out.println("=".repeat(79));
        pCustomer.join(Duration.ofSeconds(1));
      }
      pProductor.join();
      pCustomer.join();
      List<Integer> seen = new ArrayList<>();
      for (String line : out.show()) {
        if (line.startsWith("give up value: ") || line.startsWith("custom: ")) {
          seen.add(Integer.parseInt(line.substring(line.indexOf(": ") + 2)));
        }
      }
      Check.that(
          seen.stream().sorted().toList().equals(IntStream.rangeClosed(1, ITEMS).boxed().toList()),
          "each of the " + ITEMS + " items was consumed or given up, exactly once");
      Check.exitedCleanly(pProductor, pCustomer);
    }
    Check.exit();
  }
}
