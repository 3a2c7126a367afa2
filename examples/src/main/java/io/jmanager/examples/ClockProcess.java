package io.jmanager.examples;

import io.jmanager.client.ChildProcess;
import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;

/**
 * Twin of seed 001's subclass of {@code multiprocessing.Process} that overrides {@code run}:
 *
 * <pre>
 * class ClockProcess(multiprocessing.Process):
 *     def __init__(self, interval):
 *         super().__init__()
 *         self.interval = interval
 *
 *     def run(self):
 *         i = 0
 *         while i&lt;5:
 *             i += 1
 *             print(f"Run &gt;&gt;&gt; {i}")
 *             sleep(self.interval)
 *         print("Ending!")
 *
 * p = ClockProcess(1)
 * p.start()
 * p.join()
 * </pre>
 *
 * <p>The fields, here {@code interval}, travel to the child with the object, as Python pickles a
 * {@code Process}'s attributes. Python's {@code p.start()} is {@code p.start(m)}: a Java child gets
 * its code through a manager, so the twin starts a private one where Python needs none; {@code
 * m.process(p)} gives the same child with options, here its output sent to a file. The interval is
 * half a second instead of one. Checked: the child printed {@code Run >>> 1} to {@code 5}, then
 * {@code Ending!}.
 */
public final class ClockProcess extends ChildProcess {
  private final double interval;

  /** Python's {@code __init__}. */
  ClockProcess(double interval) {
    this.interval = interval;
  }

  /** Python's {@code run}: five rounds, {@code interval} seconds apart. */
  @Override
  public void run() throws InterruptedException {
    int i = 0;
    while (i < 5) {
      i += 1;
      System.out.println("Run >>> " + i);
      Thread.sleep((long) (interval * 1000));
    }
    System.out.println("Ending!");
  }

  /** Starts a {@code ClockProcess(0.5)}, waits for it and checks what it printed. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start();
        Transcript out = new Transcript()) {
      ClockProcess p = new ClockProcess(0.5);
      JvmProcess child = m.process(p).redirectOutput(out.file()).start();
      child.join();
      Check.that(
          Clock.printed(out.show()).equals(Clock.PRINTS),
          "the child printed Run >>> 1 to 5, then Ending!");
      Check.exitedCleanly(child);
    }
    Check.exit();
  }
}
