package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.QueueShutDownException;
import io.jmanager.client.SharedQueue;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Twin of seed 002's producer and consumers that end on a {@code None} sentinel, one per consumer,
 * with Python 3.13's {@code q.shutdown()} in their place:
 *
 * <pre>
 * def producer(q):
 *     print('我是生产者')
 *     for i in range(10):
 *         time.sleep(random.random())
 *         res = '包子{}'.format(i)
 *         q.put(res)
 *         print('{}生产了{}'.format(os.getpid(), res))
 *
 * def consumer(q):
 *     print('我是消费者')
 *     while True:
 *         time.sleep(random.random())
 *         res = q.get()
 *         if res == None: break
 *         print('{}消费了{}'.format(os.getpid(), res))
 *
 * q = Queue()
 * p1 = Process(target=producer, args=(q,))
 * p1.start()
 * p1.join()
 * c1 = Process(target=consumer, args=(q,))
 * c2 = Process(target=consumer, args=(q,))
 * c1.start()
 * c2.start()
 * q.put(None)
 * q.put(None)  # with more producers and consumers: join each producer, one None per consumer
 * print('主')
 * </pre>
 *
 * <p>The seed calls its sentinels "very low": the main program must know how many consumers there
 * are and send each its own. Here one {@code q.shutdown()} ends every consumer, however many: each
 * takes what is left, then its {@code take()} throws {@link QueueShutDownException}, which ends its
 * loop. A shut down queue also refuses any later {@code put}, so no item can come after the end.
 *
 * <p>Python's {@code Queue()} needs no manager; jmanager's queues live on a server, so the twin
 * starts a private one. Python's program ends without joining its consumers, and its exit waits for
 * them; here they use the manager, so the twin joins them before closing it. The random sleeps are
 * up to 0.1 s instead of up to 1 s, and the strings are in English: "I am the producer", "bun 3",
 * "1234 made bun 3", "I am a consumer", "1234 ate bun 3" and "main". Checked: each of the ten buns
 * was eaten exactly once, every process exited with 0, and a put after the shutdown failed.
 */
public final class QueueShutdown {
  private QueueShutdown() {}

  /** Python's {@code producer}. */
  static void producer(SharedQueue<String> q) throws InterruptedException {
    System.out.println("I am the producer");
    for (int i = 0; i < 10; i++) {
      Thread.sleep(ThreadLocalRandom.current().nextInt(100));
      String res = "bun " + i;
      q.put(res);
      System.out.println(ProcessHandle.current().pid() + " made " + res);
    }
  }

  /** Python's {@code consumer}, whose loop ends when the queue is shut down and empty. */
  static void consumer(SharedQueue<String> q) throws InterruptedException {
    System.out.println("I am a consumer");
    try {
      while (true) {
        Thread.sleep(ThreadLocalRandom.current().nextInt(100));
        String res = q.take();
        System.out.println(ProcessHandle.current().pid() + " ate " + res);
      }
    } catch (QueueShutDownException end) {
      return;
    }
  }

  /** Runs the producer, then the consumers, shuts the queue down and checks what was eaten. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start();
        Transcript out = new Transcript()) {
      SharedQueue<String> q = m.queue();
      JvmProcess p1 = m.process(QueueShutdown::producer, q).redirectOutput(out.file()).start();
      p1.join();
      JvmProcess c1 = m.process(QueueShutdown::consumer, q).redirectOutput(out.file()).start();
      JvmProcess c2 = m.process(QueueShutdown::consumer, q).redirectOutput(out.file()).start();
      q.shutdown();
      System.out.println("main");
      c1.join();
      c2.join();
      List<String> eaten =
          out.show().stream()
              .filter(line -> line.contains(" ate "))
              .map(line -> line.substring(line.indexOf(" ate ") + 5))
              .sorted()
              .toList();
      Check.that(
          eaten.equals(IntStream.range(0, 10).mapToObj(i -> "bun " + i).sorted().toList()),
          "each of the ten buns was eaten exactly once");
      Check.exitedCleanly(p1, c1, c2);
      boolean refused;
      try {
        q.put("bun 10");
        refused = false;
      } catch (QueueShutDownException expected) {
        refused = true;
      }
      Check.that(refused, "a put after the shutdown threw QueueShutDownException");
    }
    Check.exit();
  }
}
