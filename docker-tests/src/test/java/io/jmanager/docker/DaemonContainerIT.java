package io.jmanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jmanager.client.AuthenticationException;
import io.jmanager.client.Manager;
import io.jmanager.client.ManagerException;
import io.jmanager.client.SharedQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;

/** A daemon container built from the project's Dockerfile, driven through the real client. */
@ExtendWith(DockerRequired.class)
class DaemonContainerIT {
  private static GenericContainer<?> daemon;

  @BeforeAll
  static void start() {
    daemon = DaemonImage.daemon();
    daemon.start();
  }

  @AfterAll
  static void stop() {
    daemon.stop();
  }

  private static Manager connect(GenericContainer<?> container, byte[] key) {
    return Manager.connect(container.getHost(), container.getMappedPort(DaemonImage.PORT), key);
  }

  @Test
  void dictListAndQueue_roundTripThroughTheContainer() throws InterruptedException {
    try (Manager manager = connect(daemon, DaemonImage.KEY)) {
      Map<String, Integer> dict = manager.dict("round-trip-dict");
      List<String> list = manager.list("round-trip-list");
      SharedQueue<String> queue = manager.queue("round-trip-queue");

      dict.put("apples", 3);
      dict.merge("apples", 2, Integer::sum);
      list.addAll(List.of("a", "b", "c"));
      queue.put("first");
      queue.put("second");

      try (Manager other = connect(daemon, DaemonImage.KEY)) {
        assertThat(other.<String, Integer>dict("round-trip-dict"))
            .containsExactly(Map.entry("apples", 5));
        assertThat(other.<String>list("round-trip-list")).containsExactly("a", "b", "c");
        SharedQueue<String> seen = other.queue("round-trip-queue");
        assertThat(seen.take()).isEqualTo("first");
        assertThat(seen.take()).isEqualTo("second");
        assertThat(seen).isEmpty();
      }
    }
  }

  @Test
  void takeBlockedInOneClient_isReleasedByAPutFromAnother() throws Exception {
    try (Manager taker = connect(daemon, DaemonImage.KEY);
        Manager putter = connect(daemon, DaemonImage.KEY)) {
      SharedQueue<String> queue = taker.queue("handover");
      CompletableFuture<String> taken = queue.async().take();
      await().atMost(Duration.ofSeconds(20)).until(() -> queue.waitingConsumers() == 1);

      assertThat(taken).isNotDone();
      putter.<String>queue("handover").put("from the other client");

      assertThat(taken.get(20, TimeUnit.SECONDS)).isEqualTo("from the other client");
    }
  }

  @Test
  void wrongAuthkey_isRefused_andTheDaemonGoesOn() {
    byte[] wrong = "not-the-key".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> connect(daemon, wrong)).isInstanceOf(AuthenticationException.class);

    try (Manager manager = connect(daemon, DaemonImage.KEY)) {
      assertThat(manager.names()).isNotNull();
    }
  }

  @Test
  void daemon_runsAsANonRootUser_andReportsHealthy() throws Exception {
    assertThat(daemon.execInContainer("id", "-u").getStdout().trim()).isEqualTo("10001");
    assertThat(daemon.getCurrentContainerInfo().getState().getHealth().getStatus())
        .isEqualTo("healthy");
  }

  @Test
  void dockerStop_shutsTheDaemonDownCleanly_andFailsParkedCallsAtOnce() throws Exception {
    GenericContainer<?> stopped = DaemonImage.daemon();
    stopped.start();
    try (Manager manager = connect(stopped, DaemonImage.KEY)) {
      SharedQueue<String> queue = manager.queue("never-filled");
      CompletableFuture<String> parked = queue.async().take();
      await().atMost(Duration.ofSeconds(20)).until(() -> queue.waitingConsumers() == 1);

      long start = System.nanoTime();
      stopped.getDockerClient().stopContainerCmd(stopped.getContainerId()).withTimeout(30).exec();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThatThrownBy(() -> parked.get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(ManagerException.class);
      var state =
          stopped.getDockerClient().inspectContainerCmd(stopped.getContainerId()).exec().getState();
      assertThat(state.getExitCodeLong()).isEqualTo(143L);
      assertThat(took).isLessThan(Duration.ofSeconds(30));
      assertThat(stopped.getLogs()).contains("jmanager stopped");
    } finally {
      stopped.stop();
    }
  }
}
