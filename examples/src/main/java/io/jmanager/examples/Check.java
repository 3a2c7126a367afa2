package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import java.util.List;

/**
 * How a twin checks its result: each check prints what it expected, marked {@code checked} or
 * {@code WRONG}, and {@link #exit()} ends the program with 1 when any was wrong.
 */
final class Check {
  private static boolean failed;

  private Check() {}

  /** Records one check: {@code ok} says whether {@code expectation} held. */
  static void that(boolean ok, String expectation) {
    System.out.println((ok ? "checked: " : "WRONG: ") + expectation);
    failed |= !ok;
  }

  /** Checks that every one of these joined processes exited with code 0. */
  static void exitedCleanly(List<JvmProcess> processes) {
    List<JvmProcess> failures =
        processes.stream().filter(p -> p.exitCode().orElse(-1) != 0).toList();
    that(
        failures.isEmpty(),
        processes.size()
            + (processes.size() == 1 ? " process exited" : " processes exited")
            + " with code 0"
            + (failures.isEmpty() ? "" : ", but not " + failures));
  }

  /** Checks that these joined processes exited with code 0. */
  static void exitedCleanly(JvmProcess... processes) {
    exitedCleanly(List.of(processes));
  }

  /** Ends the program: exit code 1 when a check was wrong, else 0. */
  static void exit() {
    System.exit(failed ? 1 : 0);
  }
}
