package io.jmanager.examples.compose;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code workers} child JVMs in this container that each add 1 to the shared {@code counter}
 * {@code increments} times, all at once; {@code merge} is atomic on the server, so the count is
 * exact.
 */
public final class CounterJob {
  private static final String USAGE = "CounterJob WORKERS INCREMENTS PARTS";

  private CounterJob() {}

  /** Runs the job; args: workers, increments per worker, parts of the demo. */
  public static void main(String[] args) throws InterruptedException {
    int workers = Demo.count(args, 0, USAGE);
    int increments = Demo.count(args, 1, USAGE);
    int parts = Demo.count(args, 2, USAGE);
    try (Manager manager = Manager.fromEnvironment()) {
      List<JvmProcess> children = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        children.add(
            JvmProcess.builder(Increment.class)
                .manager(manager)
                .daemon(true)
                .jvmOptions("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m")
                .args(Integer.toString(increments))
                .start());
      }
      boolean ok = true;
      for (JvmProcess child : children) {
        ok &= child.join(Duration.ofMinutes(2)) && child.exitCode().orElse(-1) == 0;
      }
      System.out.println(
          "counter job: " + workers + " worker JVMs " + (ok ? "finished" : "FAILED"));
      Demo.finished(manager, parts);
      System.exit(ok ? 0 : 1);
    }
  }

  /** One worker JVM: adds 1 to the counter {@code args[0]} times. */
  static final class Increment {
    public static void main(String[] args) {
      int increments = Integer.parseInt(args[0]);
      try (Manager manager = Manager.fromEnvironment()) {
        for (int i = 0; i < increments; i++) {
          Demo.stats(manager).merge("counter", 1, Integer::sum);
        }
      }
    }
  }
}
