package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A timeout too long to count in nanoseconds (up to {@code Long.MAX_VALUE} of any unit) is a wait
 * without limit: the call waits on the server until it is served, and the client waits for it,
 * rather than overflowing into a timeout at once while the call stays parked on the server.
 */
class LongTimeoutIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  private static final Duration BOUND = Duration.ofSeconds(30);

  @Test
  void poll_withTheLongestTimeout_waitsForAnItem_andTakesIt() throws Exception {
    SharedQueue<String> queue = server.connect().queue("longest-poll");
    Running poll = run(() -> queue.poll(Long.MAX_VALUE, TimeUnit.NANOSECONDS));
    await().atMost(BOUND).until(() -> queue.waitingConsumers() == 1);

    queue.put("item");

    assertThat(poll.outcome()).isEqualTo("item");
  }

  @Test
  void offer_withTheLongestTimeout_waitsForRoom_andAddsItsItemOnce() throws Exception {
    SharedQueue<String> queue = server.connect().queue("longest-offer", 1);
    queue.put("first");
    Running offer = run(() -> queue.offer("second", Long.MAX_VALUE, TimeUnit.DAYS));
    await().atMost(BOUND).until(() -> server.parkedCalls() == 1);

    assertThat(queue.take()).isEqualTo("first");

    assertThat(offer.outcome()).isEqualTo(true);
    assertThat(queue).containsExactly("second");
  }

  @Test
  void tryLock_withTheLongestTimeout_waitsForTheLock_andHoldsIt() throws Exception {
    SharedLock holder = server.connect().lock("longest-lock");
    SharedLock waiter = server.connect().lock("longest-lock");
    holder.lock();
    Running tryLock = run(() -> waiter.tryLock(Long.MAX_VALUE, TimeUnit.NANOSECONDS));
    await().atMost(BOUND).until(() -> holder.queueLength() == 1);

    holder.unlock();

    assertThat(tryLock.outcome()).isEqualTo(true);
    assertThat(holder.tryLock()).as("the waiter holds it").isFalse();
  }

  @Test
  void managerWithTheLongestCallTimeout_stillTimesOutOnTheServer() throws Exception {
    Manager manager =
        server.track(
            Manager.builder()
                .address("127.0.0.1", server.port())
                .authkey(ServerExtension.KEY)
                .callTimeout(Duration.ofSeconds(Long.MAX_VALUE))
                .connect());
    SharedQueue<String> queue = manager.queue("longest-call-timeout");

    assertThat(queue.poll(10, TimeUnit.MILLISECONDS)).isNull();
    assertThat(manager.lock("longest-call-timeout-lock").tryLock(0, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void serverWithTimeoutsTooLongToCount_servesClients() {
    ServerConfig config =
        ServerConfig.builder()
            .port(0)
            .authkey(ServerExtension.KEY)
            .handshakeTimeout(Duration.ofSeconds(Long.MAX_VALUE))
            .idleTimeout(Duration.ofSeconds(Long.MAX_VALUE))
            .build();
    try (ManagerServer longest = ManagerServer.start(config);
        Manager manager = Manager.connect("127.0.0.1", longest.port(), ServerExtension.KEY)) {
      manager.<String, Integer>dict("longest-server").put("k", 1);

      assertThat(manager.<String, Integer>dict("longest-server")).containsEntry("k", 1);
    }
  }

  /** A call running on its own thread. */
  private record Running(CompletableFuture<Object> result) {
    /** What the call returned or threw, waiting at most 30 s. */
    Object outcome() throws Exception {
      return result.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** Runs {@code call} on a new thread. */
  private static Running run(Callable<?> call) {
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                outcome.complete(call.call());
              } catch (Exception e) {
                outcome.complete(e);
              }
            });
    thread.setDaemon(true);
    thread.start();
    return new Running(outcome);
  }
}
