package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Twin of seed 001's program whose child is a daemon: the child is ended when the main program
 * ends.
 *
 * <pre>
 * def run():
 *     p = multiprocessing.Process(target = clock, args = (1,))
 *     p.daemon = True
 *     p.start()
 *
 * if __name__ == '__main__':
 *     run()
 *     sleep(2)
 *     print("ENDING!")
 *
 * # prints: Run &gt;&gt;&gt; 1, Run &gt;&gt;&gt; 2, ENDING!
 * </pre>
 *
 * <p>{@code clock} is {@link Clock#clock}; {@link #program} is the Python program's main part. So
 * that the twin can check what happens when that program's JVM ends, it runs the program in a JVM
 * of its own, as {@code python seed.py} would run, on the twin's private manager, with its output
 * (and its child's) in a file. The child JVM's start comes before its first line, so on a busy
 * machine fewer of them than in Python come before {@code ENDING!}. Checked: the program printed
 * {@code ENDING!}, its child's JVM was running then and is gone now, and it never printed {@code
 * Ending!}.
 */
public final class ClockDaemon {
  private static final Duration HANG_BOUND = Duration.ofMinutes(1);

  /**
   * The main class of a child JVM that runs a process target, which tells the clock's JVM from
   * other children of the program, such as the one that makes the class data archive.
   */
  private static final String TARGET_MAIN = "io.jmanager.client.TargetProcess";

  private ClockDaemon() {}

  /** Python's {@code run}: starts {@code clock(1)} in a daemon child. */
  static void run(Manager m) {
    m.process(Clock::clock, 1.0).daemon(true).start();
  }

  /** The Python program's main part. */
  static void program(Manager m) throws InterruptedException {
    run(m);
    Thread.sleep(2000);
    System.out.println("ENDING!");
  }

  /** Runs {@link #program} in a JVM of its own, waits for it and its child, and checks. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start();
        Transcript out = new Transcript()) {
      JvmProcess program = m.process(ClockDaemon::program, m).redirectOutput(out.file()).start();
      Optional<ProcessHandle> clock = firstChild(program);
      program.join();
      if (clock.isPresent()) {
        clock.get().onExit().get(HANG_BOUND.toSeconds(), TimeUnit.SECONDS);
      }
      List<String> printed = out.show();
      Check.that(clock.isPresent(), "the program's child JVM was running while the program ran");
      Check.that(printed.contains("ENDING!"), "the program printed ENDING!");
      Check.that(!printed.contains("Ending!"), "the child was ended with the program: no Ending!");
      Check.exitedCleanly(program);
    }
    Check.exit();
  }

  /** The first child JVM running a process target that {@code program} starts, while it runs. */
  private static Optional<ProcessHandle> firstChild(JvmProcess program)
      throws InterruptedException {
    Optional<ProcessHandle> handle = ProcessHandle.of(program.pid());
    long deadline = System.nanoTime() + HANG_BOUND.toNanos();
    while (handle.isPresent() && program.isAlive() && System.nanoTime() < deadline) {
      Optional<ProcessHandle> child =
          handle.get().children().filter(ClockDaemon::runsTarget).findFirst();
      if (child.isPresent()) {
        return child;
      }
      Thread.sleep(10);
    }
    return Optional.empty();
  }

  /** Whether {@code process} is a JVM running a process target. */
  private static boolean runsTarget(ProcessHandle process) {
    return process
        .info()
        .arguments()
        .map(args -> List.of(args).contains(TARGET_MAIN))
        .orElse(false);
  }
}
