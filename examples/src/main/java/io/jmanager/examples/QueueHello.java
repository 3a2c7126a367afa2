package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Twin of seed 004's Queue program, a child putting one list into a queue its parent reads:
 *
 * <pre>
 * def f(q):
 *     q.put([42, None, 'hello'])
 *
 * q = Queue()
 * p = Process(target=f, args=(q,))
 * p.start()
 * print(q.get())    # [42, None, 'hello']
 * p.join()
 * </pre>
 *
 * <p>Python's {@code multiprocessing.Queue} needs no manager; jmanager's queues live on a server,
 * so the twin starts a private one. Checked: the parent got {@code [42, null, hello]}.
 */
public final class QueueHello {
  private QueueHello() {}

  /** Python's {@code f}. */
  static void f(SharedQueue<List<Object>> q) throws InterruptedException {
    q.put(new ArrayList<>(Arrays.asList(42, null, "hello")));
  }

  /** Starts the child, prints what it put and checks it. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start()) {
      SharedQueue<List<Object>> q = m.queue();
      JvmProcess p = m.process(QueueHello::f, q).start();
      List<Object> got = q.take();
      System.out.println(got);
      p.join();
      Check.that(got.equals(Arrays.asList(42, null, "hello")), "the parent got [42, null, hello]");
      Check.exitedCleanly(p);
    }
    Check.exit();
  }
}
