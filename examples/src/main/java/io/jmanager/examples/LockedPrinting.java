package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedLock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Twin of seed 004's Lock program: ten processes print, one at a time, under one lock.
 *
 * <pre>
 * def f(l, i):
 *     l.acquire()
 *     try:
 *         print('hello world', i)
 *     finally:
 *         l.release()
 *
 * lock = Lock()
 * for num in range(10):
 *     Process(target=f, args=(lock, num)).start()
 * </pre>
 *
 * <p>Python's {@code Lock} needs no manager; a shared lock lives on a server, so the twin starts a
 * private one. Python's program ends without joining, and its exit waits for the children; here the
 * children use the manager, so the twin joins them before closing it. Checked: each of {@code hello
 * world 0} to {@code 9} was printed once.
 */
public final class LockedPrinting {
  private LockedPrinting() {}

  /** Python's {@code f}. */
  static void f(SharedLock l, int i) {
    l.lock();
    try {
      System.out.println("hello world " + i);
    } finally {
      l.unlock();
    }
  }

  /** Starts ten children on one lock, waits for them and checks what they printed. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start();
        Transcript out = new Transcript()) {
      SharedLock lock = m.lock();
      List<JvmProcess> children = new ArrayList<>();
      for (int num = 0; num < 10; num++) {
        children.add(m.process(LockedPrinting::f, lock, num).redirectOutput(out.file()).start());
      }
      for (JvmProcess child : children) {
        child.join();
      }
      List<String> printed =
          out.show().stream().filter(line -> line.startsWith("hello world")).sorted().toList();
      Check.that(
          printed.equals(IntStream.range(0, 10).mapToObj(i -> "hello world " + i).toList()),
          "each of hello world 0 to 9 was printed once");
      Check.exitedCleanly(children);
    }
    Check.exit();
  }
}
