package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QueueIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void take_whenEmpty_waitsForPutFromAnotherClient() throws Exception {
    SharedQueue<String> consumerSide = server.connect().queue("handoff");
    SharedQueue<String> producerSide = server.connect().queue("handoff");
    CompletableFuture<String> taken = new CompletableFuture<>();
    start(() -> taken.complete(consumerSide.take()));
    await().until(() -> producerSide.waitingConsumers() == 1);

    producerSide.put("item");

    assertThat(taken.get(10, TimeUnit.SECONDS)).isEqualTo("item");
    assertThat(producerSide).isEmpty();
  }

  @Test
  void parkedTake_doesNotHoldUpOtherCallsOnTheSameConnection() throws Exception {
    Manager manager = server.connect();
    SharedQueue<String> queue = manager.queue("parked-one");
    CompletableFuture<String> taken = new CompletableFuture<>();
    start(() -> taken.complete(queue.take()));
    await().until(() -> queue.waitingConsumers() == 1);

    manager.<String, Integer>dict("beside").put("k", 1);
    assertThat(manager.<String, Integer>dict("beside").get("k")).isEqualTo(1);
    queue.put("late");

    assertThat(taken.get(10, TimeUnit.SECONDS)).isEqualTo("late");
  }

  @Test
  void pollWithTimeout_whenNothingArrives_returnsNull() throws Exception {
    SharedQueue<String> queue = server.connect().queue("quiet");

    assertThat(queue.poll(50, TimeUnit.MILLISECONDS)).isNull();
    assertThat(queue.offer("a", 50, TimeUnit.MILLISECONDS)).isTrue();
  }

  @Test
  void put_whenFull_waitsForATake() throws Exception {
    SharedQueue<Integer> queue = server.connect().queue("tight", 1);
    queue.put(1);
    assertThat(queue.offer(2)).isFalse();
    assertThat(queue.offer(2, 20, TimeUnit.MILLISECONDS)).isFalse();
    CompletableFuture<Void> putDone = new CompletableFuture<>();
    start(
        () -> {
          queue.put(2);
          putDone.complete(null);
        });
    await().until(() -> server.parkedCalls() == 1);

    assertThat(queue.take()).isEqualTo(1);

    putDone.get(10, TimeUnit.SECONDS);
    assertThat(queue).containsExactly(2);
  }

  @Test
  void iteratorRemove_removesTheItemItReturned_notAnEarlierEqualOne() {
    SharedQueue<String> queue = server.connect().queue("duplicates");
    queue.addAll(List.of("a", "b", "a"));
    Iterator<String> it = queue.iterator();
    it.next();
    it.next();

    assertThat(it.next()).isEqualTo("a");
    it.remove();

    assertThat(queue).containsExactly("a", "b");
  }

  @Test
  void iteratorRemove_ofAnItemAnotherClientTook_removesNothing() {
    SharedQueue<String> queue = server.connect().queue("taken-meanwhile");
    queue.addAll(List.of("a", "b", "a"));
    Iterator<String> it = queue.iterator();
    assertThat(it.next()).isEqualTo("a");

    assertThat(server.connect().<String>queue("taken-meanwhile").poll()).isEqualTo("a");
    it.remove();

    assertThat(queue).containsExactly("b", "a");
  }

  @Test
  void take_interrupted_throwsInterruptedException_andTheNextItemGoesToTheNextTaker()
      throws Exception {
    SharedQueue<String> queue = server.connect().queue("interrupted");
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread taker =
        start(
            () -> {
              try {
                outcome.complete(new AssertionError("took " + queue.take()));
              } catch (InterruptedException e) {
                outcome.complete(e);
              }
            });
    await().until(() -> queue.waitingConsumers() == 1);

    taker.interrupt();

    assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    queue.put("kept");
    assertThat(queue.poll(10, TimeUnit.SECONDS)).isEqualTo("kept");
  }

  @Test
  void manyThreadsOnOneConnection_offerAndPollEveryItemExactlyOnce() throws Exception {
    SharedQueue<Integer> queue = server.connect().queue("busy");
    int threads = 8;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
    try {
      List<Future<?>> work = new ArrayList<>();
      ConcurrentHashMap<Integer, Boolean> seen = new ConcurrentHashMap<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        work.add(pool.submit(() -> offerRange(queue, base, perThread)));
        work.add(pool.submit(() -> takeInto(queue, seen, perThread)));
      }
      for (Future<?> future : work) {
        future.get(60, TimeUnit.SECONDS);
      }
      assertThat(seen).hasSize(threads * perThread);
      assertThat(queue).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  private static Void offerRange(SharedQueue<Integer> queue, int base, int count)
      throws InterruptedException {
    for (int i = base; i < base + count; i++) {
      queue.put(i);
    }
    return null;
  }

  private static Void takeInto(
      SharedQueue<Integer> queue, ConcurrentHashMap<Integer, Boolean> seen, int count)
      throws InterruptedException {
    for (int i = 0; i < count; i++) {
      Integer item = queue.take();
      assertThat(seen.put(item, Boolean.TRUE)).as("duplicate %s", item).isNull();
    }
    return null;
  }

  private interface Body {
    void run() throws Exception;
  }

  private static Thread start(Body body) {
    Thread thread =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    thread.start();
    return thread;
  }
}
