package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import java.util.List;

/**
 * Twin of seed 001's first program, a function as a process's target:
 *
 * <pre>
 * def clock(interval):
 *     i = 0
 *     while i&lt;5:
 *         i += 1
 *         print(f"Run &gt;&gt;&gt; {i}")
 *         sleep(interval)
 *     print("Ending!")
 *
 * p = multiprocessing.Process(target = clock, args = (1,))
 * p.start()
 * p.join()
 * </pre>
 *
 * <p>A Java child gets its target through a manager, so the twin starts a private one where Python
 * needs none. The interval is half a second instead of one. Checked: the child printed {@code Run
 * >>> 1} to {@code 5}, then {@code Ending!}. {@link ClockNonDaemon} and {@link ClockDaemon} start
 * this same {@code clock}.
 */
public final class Clock {
  /** The lines {@code clock} prints. */
  static final List<String> PRINTS =
      List.of("Run >>> 1", "Run >>> 2", "Run >>> 3", "Run >>> 4", "Run >>> 5", "Ending!");

  private Clock() {}

  /** Python's {@code clock}: five rounds, {@code interval} seconds apart. */
  static void clock(double interval) throws InterruptedException {
    int i = 0;
    while (i < 5) {
      i += 1;
      System.out.println("Run >>> " + i);
      Thread.sleep((long) (interval * 1000));
    }
    System.out.println("Ending!");
  }

  /** The lines of {@code output} that {@code clock} prints, in order. */
  static List<String> printed(List<String> output) {
    return output.stream()
        .filter(line -> line.startsWith("Run >>> ") || line.equals("Ending!"))
        .toList();
  }

  /** Runs {@code clock(0.5)} in a child, waits for it and checks what it printed. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start();
        Transcript out = new Transcript()) {
      JvmProcess p = m.process(Clock::clock, 0.5).redirectOutput(out.file()).start();
      p.join();
      Check.that(
          printed(out.show()).equals(PRINTS), "the child printed Run >>> 1 to 5, then Ending!");
      Check.exitedCleanly(p);
    }
    Check.exit();
  }
}
