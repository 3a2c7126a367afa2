package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedJoinableQueue;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Twin of seed 002's two producers and two consumers on a JoinableQueue, with its commented-out
 * daemon lines in:
 *
 * <pre>
 * def producer(q):
 *     for i in range(10):
 *         time.sleep(random.random())
 *         res = '包子{}'.format(i)
 *         q.put(res)
 *         print('生产者生产了一个{}'.format(res))
 *     q.join()
 *
 * def consumer(q):
 *     while True:
 *         time.sleep(random.random())
 *         res = q.get()
 *         q.task_done()
 *         print('消费者消费了一个{}'.format(res))
 *
 * q = JoinableQueue()
 * p1 = Process(target=producer, args=((q,)))
 * p2 = Process(target=producer, args=((q,)))
 * c1 = Process(target=consumer, args=((q,)))
 * c2 = Process(target=consumer, args=((q,)))
 * # c1.daemon = True  # the consumers should end with the main process
 * # c2.daemon = True
 * for i in [p1, p2, c1, c2]:
 *     i.start()
 * p1.join()
 * p2.join()
 * print('主')
 * </pre>
 *
 * <p>Each producer's {@code join()} returns only when every bun put, by either producer, has been
 * eaten and marked done. Without the daemon lines the seed never ends, its consumers waiting for
 * ever; with them the consumers are stopped when the main process ends. Here they are stopped
 * before the manager closes, since they wait on its server.
 *
 * <p>Python's {@code JoinableQueue()} needs no manager; jmanager's queues live on a server, so the
 * twin starts a private one. The random sleeps are up to 0.1 s instead of up to 1 s. The consumer
 * prints before {@code task_done()}, where Python prints after, so that its line is out before the
 * producers' {@code join()} returns. The strings are in English: "bun 3", "the producer made bun
 * 3", "the consumer ate bun 3" and "main". Checked: each producer's ten buns were eaten exactly
 * once (each name twice, once per producer), nothing is left unfinished, and the producers exited
 * with 0.
 */
public final class JoinableQueuePipeline {
  private JoinableQueuePipeline() {}

  /** Python's {@code producer}. */
  static void producer(SharedJoinableQueue<String> q) throws InterruptedException {
    for (int i = 0; i < 10; i++) {
      Thread.sleep(ThreadLocalRandom.current().nextInt(100));
      String res = "bun " + i;
      q.put(res);
      System.out.println("the producer made " + res);
    }
    q.join();
  }

  /** Python's {@code consumer}, printing before {@code taskDone()}. */
  static void consumer(SharedJoinableQueue<String> q) throws InterruptedException {
    while (true) {
      Thread.sleep(ThreadLocalRandom.current().nextInt(100));
      String res = q.take();
      System.out.println("the consumer ate " + res);
      q.taskDone();
    }
  }

  /** Starts the producers and the daemon consumers, waits for the producers and checks. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start();
        Transcript out = new Transcript()) {
      SharedJoinableQueue<String> q = m.joinableQueue();
      JvmProcess.Builder p1 = m.process(JoinableQueuePipeline::producer, q);
      JvmProcess.Builder p2 = m.process(JoinableQueuePipeline::producer, q);
      JvmProcess.Builder c1 = m.process(JoinableQueuePipeline::consumer, q).daemon(true);
      JvmProcess.Builder c2 = m.process(JoinableQueuePipeline::consumer, q).daemon(true);
      List<JvmProcess> started =
          Stream.of(p1, p2, c1, c2).map(i -> i.redirectOutput(out.file()).start()).toList();
      started.get(0).join();
      started.get(1).join();
      System.out.println("main");
      for (JvmProcess consumer : started.subList(2, 4)) {
        consumer.terminate(); // as Python ends its daemon children when the main process ends
        consumer.join();
      }
      List<String> eaten =
          out.show().stream()
              .filter(line -> line.startsWith("the consumer ate "))
              .map(line -> line.substring("the consumer ate ".length()))
              .sorted()
              .toList();
      Check.that(
          eaten.equals(IntStream.range(0, 20).mapToObj(i -> "bun " + i / 2).sorted().toList()),
          "each producer's ten buns were eaten exactly once");
      Check.that(q.unfinishedTasks() == 0, "no bun is left unfinished");
      Check.exitedCleanly(started.subList(0, 2));
    }
    Check.exit();
  }
}
