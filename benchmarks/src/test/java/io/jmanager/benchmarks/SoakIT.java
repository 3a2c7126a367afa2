package io.jmanager.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SoakIT {
  @Test
  void shortSoak_withClientsKilledEveryTwoSeconds_passesEveryCheck() {
    int exit =
        new CommandLine(new Soak())
            .execute(
                "--seconds", "10",
                "--clients", "4",
                "--kill-every", "2",
                "--warmup", "2",
                "--server-jar", "../manager-server/target/manager-server.jar");

    assertThat(exit).isZero();
  }
}
