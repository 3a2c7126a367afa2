package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable daemon ({@code --data-dir}) as a real process, killed with SIGKILL and restarted. */
class DurableServerIT {
  private static final String KEY = "durable-key";

  private final Daemons daemons = new Daemons();

  @TempDir Path folder;

  @AfterEach
  void stopEverything() {
    daemons.close();
  }

  @Test
  void sigkillDuringWritesFromThreeJvms_losesNoAcknowledgedWrite_andAppliesNoneTwice()
      throws Exception {
    Daemons.Daemon first = start(0);
    int port = first.awaitReadyPort();
    List<JvmProcess> writers = new ArrayList<>();
    List<Path> acks = new ArrayList<>();
    try (Manager manager = connect(port)) {
      for (int w = 0; w < 3; w++) {
        Path ack = Files.createFile(folder.resolve("acks-" + w));
        acks.add(ack);
        writers.add(
            JvmProcess.builder(Children.DurableWriter.class)
                .manager(manager)
                .daemon(true)
                .jvmOptions(Children.FAST_START)
                .args("w" + w, ack.toString())
                .start());
      }
      for (Path ack : acks) {
        await().atMost(3, TimeUnit.MINUTES).until(() -> acknowledged(ack).size() >= 50);
      }

      first.kill();
    }
    for (JvmProcess writer : writers) {
      assertThat(writer.join(Duration.ofMinutes(2))).as("%s ended", writer).isTrue();
    }

    start(port).awaitReadyPort();

    try (Manager manager = connect(port)) {
      Map<String, Integer> dict = manager.dict("durable");
      List<String> log = manager.list("durable-log");
      List<String> logged = new ArrayList<>(log);
      assertThat(new HashSet<>(logged)).as("nothing applied twice").hasSize(logged.size());
      Set<String> loggedSet = new HashSet<>(logged);
      for (int w = 0; w < 3; w++) {
        List<Integer> done = acknowledged(acks.get(w));
        for (int i : done) {
          assertThat(dict.get("w" + w + "-" + i)).as("w%d-%d in the dict", w, i).isEqualTo(i);
          assertThat(loggedSet).as("w%d-%d in the list", w, i).contains("w" + w + "-" + i);
        }
      }
    }
  }

  @Test
  void aLockHeldWhenTheServerWasKilled_isFreeAfterTheRestart_andTheObjectsAreBack()
      throws Exception {
    Daemons.Daemon first = start(0);
    int port = first.awaitReadyPort();
    try (Manager manager = connect(port)) {
      manager.<String>queue("jobs").put("one");
      manager.<String>queue("jobs").put("two");
      assertThat(manager.<String>queue("jobs").take()).isEqualTo("one");
      Lock lock = manager.lock("held");
      lock.lock();

      first.kill();
    }

    start(port).awaitReadyPort();

    try (Manager manager = connect(port)) {
      assertThat(manager.<String>queue("jobs")).containsExactly("two");
      Lock lock = manager.lock("held");
      assertThat(lock.tryLock(30, TimeUnit.SECONDS)).isTrue();
      lock.unlock();
    }
  }

  @Test
  void aRestartWithASmallerMemoryBudget_keepsWhatWasAcknowledged_andRefusesWhatNoLongerFits()
      throws Exception {
    Daemons.Daemon first = start(0, "--max-memory-bytes", String.valueOf(4 << 20));
    int port = first.awaitReadyPort();
    byte[] value = new byte[64 * 1024];
    try (Manager manager = connect(port)) {
      Map<Integer, byte[]> dict = manager.dict("big");
      for (int i = 0; i < 32; i++) {
        dict.put(i, value);
      }
      first.kill();
    }

    start(port, "--max-memory-bytes", String.valueOf(1 << 20)).awaitReadyPort();

    try (Manager manager = connect(port)) {
      Map<Integer, byte[]> dict = manager.dict("big");
      assertThat(dict).hasSize(32);
      assertThatThrownBy(() -> dict.put(99, value)).isInstanceOf(MemoryLimitException.class);
    }
  }

  @Test
  void anAdminShutdown_stopsTheServerOnce_notAgainWhenTheLogIsAppliedAtTheRestart()
      throws Exception {
    Daemons.Daemon first = start(0);
    int port = first.awaitReadyPort();
    try (Manager manager = connect(port)) {
      manager.<String, String>dict("kept").put("k", "v");
      manager.admin().shutdownServer();
    }
    assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.process().exitValue()).isZero();

    Daemons.Daemon second = start(port);
    second.awaitReadyPort();

    try (Manager manager = connect(port)) {
      assertThat(manager.<String, String>dict("kept")).containsEntry("k", "v");
    }
    assertThat(second.process().isAlive()).isTrue();
  }

  private Daemons.Daemon start(int port, String... options) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--port", String.valueOf(port), "--data-dir", folder.resolve("data").toString()));
    args.addAll(List.of(options));
    return daemons.start(args, Map.of("JMANAGER_AUTHKEY", KEY));
  }

  private static Manager connect(int port) {
    return Manager.connect("127.0.0.1", port, KEY.getBytes(StandardCharsets.UTF_8));
  }

  /** The numbers a writer recorded as acknowledged. */
  private static List<Integer> acknowledged(Path ack) throws IOException {
    return Files.readAllLines(ack).stream()
        .filter(line -> !line.isEmpty())
        .map(Integer::valueOf)
        .toList();
  }
}
