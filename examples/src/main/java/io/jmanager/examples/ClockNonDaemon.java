package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import java.util.List;

/**
 * Twin of seed 001's program whose child is not a daemon: the main program ends first, and the
 * child goes on to its end, which the program's exit waits for.
 *
 * <pre>
 * def run():
 *     p = multiprocessing.Process(target = clock, args = (1,))
 *     p.start()
 *
 * if __name__ == '__main__':
 *     run()
 *     sleep(2)
 *     print("ENDING!")
 *
 * # prints: Run &gt;&gt;&gt; 1, Run &gt;&gt;&gt; 2, ENDING!,
 *           Run &gt;&gt;&gt; 3, Run &gt;&gt;&gt; 4, Run &gt;&gt;&gt; 5, Ending!
 * </pre>
 *
 * <p>{@code clock} is {@link Clock#clock}; {@link #program} is the Python program's main part. So
 * that the twin can check what happens when that program's JVM ends, it runs the program in a JVM
 * of its own, as {@code python seed.py} would run, on the twin's private manager, with its output
 * (and its child's) in a file. The child JVM's start comes before its first line, so on a busy
 * machine fewer of them than in Python come before {@code ENDING!}. Checked: when the program's JVM
 * had exited, its child had printed all of {@code Run >>> 1} to {@code 5} and {@code Ending!}, and
 * {@code ENDING!} came before {@code Run >>> 5}: the program's main part ended first, and its JVM
 * waited for the child.
 */
public final class ClockNonDaemon {
  private ClockNonDaemon() {}

  /** Python's {@code run}: starts {@code clock(1)} in a child that is not a daemon. */
  static void run(Manager m) {
    m.process(Clock::clock, 1.0).start();
  }

  /** The Python program's main part. */
  static void program(Manager m) throws InterruptedException {
    run(m);
    Thread.sleep(2000);
    System.out.println("ENDING!");
  }

  /** Runs {@link #program} in a JVM of its own, waits for that JVM and checks what was printed. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start();
        Transcript out = new Transcript()) {
      JvmProcess program = m.process(ClockNonDaemon::program, m).redirectOutput(out.file()).start();
      program.join();
      List<String> printed = out.show();
      Check.that(
          Clock.printed(printed).equals(Clock.PRINTS),
          "the child had printed Run >>> 1 to 5, then Ending!, when the program's JVM exited");
      Check.that(
          printed.indexOf("ENDING!") >= 0
              && printed.indexOf("ENDING!") < printed.indexOf("Run >>> 5"),
          "the program printed ENDING! before the child's Run >>> 5");
      Check.exitedCleanly(program);
    }
    Check.exit();
  }
}
