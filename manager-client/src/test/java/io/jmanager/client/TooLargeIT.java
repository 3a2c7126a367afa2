package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request larger than the server's frame limit is refused on the calling thread, and an answer
 * larger than the server's reply limit is answered with {@link TooLargeException}: neither closes
 * the connection every thread of the manager shares, and nothing is lost.
 */
class TooLargeIT {
  private static final int MAX_FRAME_BYTES = 16 * 1024;
  private static final int MAX_REPLY_BYTES = 64 * 1024;
  private static final int ITEM_BYTES = 8 * 1024;

  private static ManagerServer server;
  private final List<Manager> managers = new ArrayList<>();

  @BeforeAll
  static void start() {
    server =
        ManagerServer.start(
            ServerConfig.builder()
                .port(0)
                .maxFrameBytes(MAX_FRAME_BYTES)
                .maxReplyBytes(MAX_REPLY_BYTES)
                .build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void closeManagers() {
    managers.forEach(Manager::close);
  }

  private Manager connect() {
    Manager manager = Manager.builder().address("127.0.0.1", server.port()).connect();
    managers.add(manager);
    return manager;
  }

  @Test
  void drainOrSnapshotLargerThanTheReplyLimit_failsWithTooLarge_andLeavesEveryItemInTheQueue() {
    SharedQueue<byte[]> queue = connect().queue("too-large-drain");
    for (int i = 0; i < 2 * MAX_REPLY_BYTES / ITEM_BYTES; i++) {
      queue.add(new byte[ITEM_BYTES]);
    }
    List<byte[]> drained = new ArrayList<>();

    assertThatThrownBy(() -> queue.drainTo(drained))
        .isInstanceOf(TooLargeException.class)
        .hasMessageContaining("reply limit of " + MAX_REPLY_BYTES);
    assertThatThrownBy(queue::toArray).isInstanceOf(TooLargeException.class);

    assertThat(drained).isEmpty();
    assertThat(queue).hasSize(2 * MAX_REPLY_BYTES / ITEM_BYTES);
    assertThat(queue.drainTo(drained, 2)).isEqualTo(2);
    assertThat(queue).hasSize(2 * MAX_REPLY_BYTES / ITEM_BYTES - 2);
  }

  @Test
  void requestLargerThanTheFrameLimit_isRefusedOnTheCallingThread_andDisturbsNothingElse()
      throws Exception {
    Manager manager = connect();
    SharedLock lock = manager.lock("too-large-lock");
    lock.lock();
    SharedQueue<String> jobs = manager.queue("too-large-jobs");
    CompletableFuture<String> taken = new CompletableFuture<>();
    Thread taker = new Thread(() -> taken.complete(take(jobs)));
    taker.setDaemon(true);
    taker.start();
    await().atMost(30, TimeUnit.SECONDS).until(() -> jobs.waitingConsumers() == 1);
    SharedQueue<byte[]> big = manager.queue("too-large-put");
    byte[] tooLarge = new byte[2 * MAX_FRAME_BYTES];

    assertThatThrownBy(() -> big.put(tooLarge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit of " + MAX_FRAME_BYTES + " bytes")
        .hasMessageContaining("nothing was sent");
    assertThatThrownBy(() -> big.async().offer(tooLarge))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> manager.dict("too-large-dict").put("k", tooLarge))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(connect().lock("too-large-lock").tryLock()).as("the lock is still held").isFalse();
    assertThat(lock.holdCount()).isEqualTo(1);
    connect().<String>queue("too-large-jobs").put("job");
    assertThat(taken.get(30, TimeUnit.SECONDS)).isEqualTo("job");
    assertThat(big).isEmpty();
    lock.unlock();
  }

  private static String take(SharedQueue<String> queue) {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
