package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A pool whose worker JVMs cannot start breaks, instead of starting JVMs for ever. */
class PoolStartFailureIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  private static final Duration HANG_BOUND = Duration.ofSeconds(120);

  @Test
  void workersWhoseJvmCannotStart_failTheQueuedTasks_withProcessStartExceptionAsCause() {
    Manager manager = server.connect();
    Pool pool =
        manager.pool(
            "unstartable", Pool.options().processes(2).jvmOptions("-XX:+NoSuchJmanagerOption"));

    Throwable failure =
        assertTimeoutPreemptively(
            HANG_BOUND,
            () -> {
              try {
                pool.map(PoolTasks::square, List.of(1, 2, 3));
                return null;
              } catch (WorkerLostException e) {
                return e;
              }
            });

    assertThat(failure)
        .isInstanceOf(WorkerLostException.class)
        .hasMessageContaining(PoolWorkers.MAX_START_FAILURES + " workers in a row")
        .hasCauseInstanceOf(ProcessStartException.class);
    assertThat(failure.getCause()).hasMessageContaining("before its main method ran");
    assertThatThrownBy(() -> pool.apply(PoolTasks::square, 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("broken")
        .hasCauseInstanceOf(WorkerLostException.class);
    assertTimeoutPreemptively(HANG_BOUND, () -> pool.join());
    pool.close();
  }
}
