package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import java.util.Collections;

/**
 * Twin of seed 004's first program, a child process that sleeps and greets:
 *
 * <pre>
 * def f(name):
 *     time.sleep(2)
 *     print('hello', name)
 *
 * p = Process(target=f, args=('bob',))
 * p.start()
 * p.join()
 * </pre>
 *
 * <p>A Java child gets its target through a manager, so the twin starts a private one where Python
 * needs none. The sleep is half a second instead of two. Checked: the child printed {@code hello
 * bob} and exited with 0.
 */
public final class HelloProcess {
  private HelloProcess() {}

  /** Python's {@code f}. */
  static void f(String name) throws InterruptedException {
    Thread.sleep(500);
    System.out.println("hello " + name);
  }

  /** Starts the child, waits for it and checks what it printed. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start();
        Transcript out = new Transcript()) {
      JvmProcess p = m.process(HelloProcess::f, "bob").redirectOutput(out.file()).start();
      p.join();
      Check.that(
          Collections.frequency(out.show(), "hello bob") == 1, "the child printed hello bob");
      Check.exitedCleanly(p);
    }
    Check.exit();
  }
}
