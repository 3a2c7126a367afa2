package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedLock;
import io.jmanager.client.SharedPipe;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Twin of seed 003's producer and consumers over a pipe and a lock: three consumers share the
 * receiving end, taking turns under a lock, and stop at the {@code None} the producer sends once
 * for each of them. Each process closes the end it does not use.
 *
 * <pre>
 * def producer(con,pro,name,food):
 *     con.close()
 *     for i in range(100):
 *         f = '%s生产%s%s'%(name,food,i)
 *         print(f)
 *         pro.send(f)
 *     pro.send(None)
 *     pro.send(None)
 *     pro.send(None)
 *     pro.close()
 *
 * def consumer(con,pro,name,lock):
 *     pro.close()
 *     while True:
 *             lock.acquire()
 *             food = con.recv()
 *             lock.release()
 *             if food is None:
 *                 con.close()
 *                 break
 *             print('%s吃了%s' % (name, food))
 *
 * con,pro = Pipe()
 * lock= Lock()
 * p = Process(target=producer,args=(con,pro,'egon','泔水'))
 * c1 = Process(target=consumer, args=(con, pro, 'alex',lock))
 * c2 = Process(target=consumer, args=(con, pro, 'bossjin',lock))
 * c3 = Process(target=consumer, args=(con, pro, 'wusir',lock))
 * c1.start()
 * c2.start()
 * c3.start()
 * p.start()
 * con.close()
 * pro.close()
 * </pre>
 *
 * <p>The seed's second version is this one with two consumers, numbers 0 to 29 for food and two
 * {@code None}s; its consumers test {@code if baozi:}, so the one that receives 0, which Python
 * takes for false, stops at once and leaves the rest to the other; the twin of its test, {@code
 * food == NONE}, has no such trap.
 *
 * <p>A pipe carries no null, so the string {@link #NONE} stands for Python's {@code None}. Python's
 * {@code Pipe()} and {@code Lock()} need no manager; jmanager's live on a server, so the twin
 * starts a private one. Python's program ends without joining, and its exit waits for the children;
 * here the children use the manager, so the twin joins them before closing it. {@code m.process}
 * takes a target of at most three arguments: one of four is a lambda that captures them. The food
 * is "slops", and Python's {@code 生产} and {@code 吃了} are "made" and "ate". Checked: each of the
 * hundred foods was eaten exactly once, and every process exited with 0, each consumer at a {@code
 * None}.
 */
public final class PipeWithLock {
  /** What stands for Python's {@code None}, the end of the food. */
  static final String NONE = "None";

  private PipeWithLock() {}

  /** Python's {@code producer}. */
  static void producer(
      SharedPipe.Connection<String> con,
      SharedPipe.Connection<String> pro,
      String name,
      String food) {
    con.close();
    for (int i = 0; i < 100; i++) {
      String f = name + " made " + food + i;
      System.out.println(f);
      pro.send(f);
    }
    pro.send(NONE);
    pro.send(NONE);
    pro.send(NONE);
    pro.close();
  }

  /** Python's {@code consumer}. */
  static void consumer(
      SharedPipe.Connection<String> con,
      SharedPipe.Connection<String> pro,
      String name,
      SharedLock lock)
      throws Exception {
    pro.close();
    while (true) {
      lock.lock();
      String food = con.recv();
      lock.unlock();
      if (food.equals(NONE)) {
        con.close();
        break;
      }
      System.out.println(name + " ate " + food);
    }
  }

  /** Starts the three consumers and the producer, waits for them and checks what was eaten. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start();
        Transcript out = new Transcript()) {
      SharedPipe<String> pipe = m.pipe("pipe");
      SharedPipe.Connection<String> con = pipe.first();
      SharedPipe.Connection<String> pro = pipe.second();
      SharedLock lock = m.lock();
      JvmProcess.Builder p = m.process(() -> producer(con, pro, "egon", "slops"));
      JvmProcess.Builder c1 = m.process(() -> consumer(con, pro, "alex", lock));
      JvmProcess.Builder c2 = m.process(() -> consumer(con, pro, "bossjin", lock));
      JvmProcess.Builder c3 = m.process(() -> consumer(con, pro, "wusir", lock));
      List<JvmProcess> started = new ArrayList<>();
      for (JvmProcess.Builder process : List.of(c1, c2, c3, p)) {
        started.add(process.redirectOutput(out.file()).start());
      }
      con.close();
      pro.close();
      for (JvmProcess process : started) {
        process.join();
      }
      List<String> eaten =
          out.show().stream()
              .filter(line -> line.contains(" ate "))
              .map(line -> line.substring(line.indexOf(" ate ") + 5))
              .sorted()
              .toList();
      Check.that(
          eaten.equals(
              IntStream.range(0, 100).mapToObj(i -> "egon made slops" + i).sorted().toList()),
          "each of the hundred foods was eaten exactly once");
      Check.exitedCleanly(started);
    }
    Check.exit();
  }
}
