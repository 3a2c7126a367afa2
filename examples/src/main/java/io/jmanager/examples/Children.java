package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import java.time.Duration;
import java.util.List;

/** How the examples start and wait for their child JVMs. */
final class Children {
  /** Options that make short-lived child JVMs start faster. */
  static final String[] FAST_START = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m"};

  private Children() {}

  /** Starts {@code main} in a daemon child JVM connected to the manager's server. */
  static JvmProcess spawn(Manager manager, Class<?> main, String... args) {
    return JvmProcess.builder(main)
        .manager(manager)
        .daemon(true)
        .jvmOptions(FAST_START)
        .args(args)
        .start();
  }

  /** Waits for every child; returns whether all exited with 0. */
  static boolean joinAll(List<JvmProcess> children) throws InterruptedException {
    boolean ok = true;
    for (JvmProcess child : children) {
      if (!child.join(Duration.ofMinutes(2))) {
        System.out.println(child.name() + " did not finish in time");
        child.kill();
        ok = false;
      } else if (child.exitCode().orElse(-1) != 0) {
        System.out.println(child + " failed");
        ok = false;
      }
    }
    return ok;
  }
}
