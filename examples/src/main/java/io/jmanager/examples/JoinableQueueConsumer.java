package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedJoinableQueue;
import java.util.List;

/**
 * Twin of seed 001's JoinableQueue program: a daemon consumer process, and the main process
 * producing four items and then waiting, with {@code q.join()}, until each is marked done.
 *
 * <pre>
 * def consumer(input_q):
 *     print("消费开始:", ctime())
 *     while True:
 *         item = input_q.get()
 *         print ("消费 &gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;", item)
 *         input_q.task_done()
 *         sleep(1)
 *     print ("消费结束:", ctime())  # never printed
 *
 * def producer(sequence, output_q):
 *     print ("生产开始:", ctime())
 *     for item in sequence:
 *         output_q.put(item)
 *         print ("生产 &gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;", item)
 *         sleep(1)
 *     print ("生产结束:", ctime())
 *
 * q = multiprocessing.JoinableQueue()
 * cons_p = multiprocessing.Process (target = consumer, args = (q,))
 * cons_p.daemon = True
 * cons_p.start()
 * sequence = [1,2,3,4]
 * producer(sequence, q)
 * q.join()
 * </pre>
 *
 * <p>The consumer's last line, which Python never reaches, is left out: Java does not compile a
 * line after a loop without end. Python's {@code JoinableQueue()} needs no manager; jmanager's
 * queues live on a server, so the twin starts a private one, and stops the daemon consumer before
 * closing it, as Python stops it when the main process ends. The sleeps are 0.2 s instead of 1 s,
 * and the strings are in English: "consume start:", "consume >>>>>>>>>", "produce start:", "produce
 * >>>>>>>>>" and "produce end:". Checked: {@code q.join()} returned with nothing left in the queue
 * or unfinished, and the consumer consumed 1, 2, 3 and 4, in order.
 */
public final class JoinableQueueConsumer {
  private JoinableQueueConsumer() {}

  /** Python's {@code consumer}. */
  static void consumer(SharedJoinableQueue<Integer> inputQ) throws InterruptedException {
    System.out.println("consume start: " + Time.ctime());
    while (true) {
      int item = inputQ.take();
      System.out.println("consume >>>>>>>>> " + item);
      inputQ.taskDone();
      Thread.sleep(200);
    }
  }

  /** Python's {@code producer}. */
  static void producer(List<Integer> sequence, SharedJoinableQueue<Integer> outputQ)
      throws InterruptedException {
    System.out.println("produce start: " + Time.ctime());
    for (int item : sequence) {
      outputQ.put(item);
      System.out.println("produce >>>>>>>>> " + item);
      Thread.sleep(200);
    }
    System.out.println("produce end: " + Time.ctime());
  }

  /** Starts the consumer, produces, waits for every item to be done and checks. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start();
        Transcript out = new Transcript()) {
      SharedJoinableQueue<Integer> q = m.joinableQueue();
      JvmProcess consP =
          m.process(JoinableQueueConsumer::consumer, q)
              .daemon(true)
              .redirectOutput(out.file())
              .start();
      List<Integer> sequence = List.of(1, 2, 3, 4);
      producer(sequence, q);
      q.join();
      consP.terminate(); // as Python ends its daemon children when the main process ends
      consP.join();
      System.out.println("the consumer's output:");
      List<String> consumed =
          out.show().stream().filter(line -> line.startsWith("consume >")).toList();
      Check.that(q.isEmpty() && q.unfinishedTasks() == 0, "q.join() returned with nothing left");
      Check.that(
          consumed.equals(sequence.stream().map(item -> "consume >>>>>>>>> " + item).toList()),
          "the consumer consumed 1, 2, 3 and 4, in order");
    }
    Check.exit();
  }
}
