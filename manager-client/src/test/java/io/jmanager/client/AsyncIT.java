package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jmanager.protocol.ObjectType;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The asynchronous forms of dict, list and queue operations, against a real server. */
class AsyncIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(20, TimeUnit.SECONDS);
  }

  @Test
  void pipelinedDictCalls_allTakeEffect_andAnswerInKind() throws Exception {
    SharedDict<String, Integer> dict = server.connect().dict("async-dict");
    List<CompletableFuture<Integer>> puts = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      puts.add(dict.async().put("k" + i, i));
    }
    CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

    assertThat(puts).allMatch(put -> put.join() == null);
    assertThat(get(dict.async().size())).isEqualTo(2000);
    assertThat(get(dict.async().get("k1999"))).isEqualTo(1999);
    assertThat(get(dict.async().put("k1", 100))).isEqualTo(1);
    assertThat(get(dict.async().putIfAbsent("k1", 5))).isEqualTo(100);
    assertThat(get(dict.async().replace("k1", 100, 101))).isTrue();
    assertThat(get(dict.async().remove("k2", 99))).isFalse();
    assertThat(get(dict.async().remove("k2"))).isEqualTo(2);
    assertThat(get(dict.async().containsKey("k2"))).isFalse();
    assertThat(get(dict.async().containsValue(101))).isTrue();
    assertThat(get(dict.async().get(new Object()))).isNull();
    get(dict.async().putAll(Map.of("x", -1, "y", -2)));
    Map<String, Integer> snapshot = get(dict.async().snapshot());
    assertThat(snapshot).hasSize(2001).containsEntry("x", -1).containsEntry("k1", 101);
    assertThat(dict).isEqualTo(snapshot);
    get(dict.async().clear());
    assertThat(dict).isEmpty();
  }

  @Test
  void listAndQueueCalls_keepTheOrderTheyWereSentIn() throws Exception {
    Manager manager = server.connect();
    SharedList<Integer> list = manager.list("async-list");
    SharedQueue<Integer> queue = manager.queue("async-queue");
    List<CompletableFuture<Boolean>> sent = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      sent.add(list.async().add(i));
      sent.add(queue.async().offer(i));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

    List<Integer> expected = IntStream.range(0, 500).boxed().collect(Collectors.toList());
    assertThat(get(list.async().snapshot())).isEqualTo(expected);
    assertThat(get(queue.async().snapshot())).isEqualTo(expected);
    assertThat(get(list.async().set(0, -1))).isEqualTo(0);
    assertThat(get(list.async().indexOf(-1))).isZero();
    assertThat(get(list.async().remove(1))).isEqualTo(1);
    assertThat(get(list.async().size())).isEqualTo(499);
    assertThat(get(queue.async().poll())).isZero();
    assertThat(get(queue.async().peek())).isEqualTo(1);
    assertThat(get(queue.async().drain(3))).containsExactly(1, 2, 3);
    assertThat(get(queue.async().size())).isEqualTo(496);
  }

  @Test
  void failures_completeTheFutureWithTheExceptionTheSyncFormThrows() {
    SharedList<String> list = server.connect().list("async-failures");

    assertThatThrownBy(() -> get(list.async().get(5)))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.async().add(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void completions_andChainedAsyncStages_runOnTheManagersExecutor_neverTheCommonPool()
      throws Exception {
    Manager manager = server.connect();
    SharedQueue<String> queue = manager.queue("async-threads");
    CompletableFuture<String> completedOn =
        queue.async().take().thenApply(item -> Thread.currentThread().getName());
    await().atMost(Duration.ofSeconds(20)).until(() -> queue.waitingConsumers() == 1);
    server.connect().<String>queue("async-threads").put("wake up");
    String chainedOn =
        get(
            manager
                .<String, String>dict("async-threads-dict")
                .async()
                .get("a")
                .thenApplyAsync(value -> value)
                .thenApplyAsync(value -> Thread.currentThread().getName()));

    assertThat(get(completedOn)).startsWith("jmanager-async");
    assertThat(chainedOn).startsWith("jmanager-async");
  }

  @Test
  void asyncTake_waitsOnTheServer_untilAnotherJvmPuts_andCannotBeAbandoned() throws Exception {
    Manager manager = server.connect();
    SharedQueue<String> queue = manager.queue("async-take");
    CompletableFuture<String> taken = queue.async().take();
    await().atMost(Duration.ofSeconds(20)).until(() -> queue.waitingConsumers() == 1);

    assertThat(taken.cancel(true)).isFalse();
    assertThat(taken.complete("not from the server")).isFalse();
    assertThatThrownBy(() -> taken.orTimeout(1, TimeUnit.SECONDS))
        .isInstanceOf(UnsupportedOperationException.class);
    JvmProcess putter =
        JvmProcess.builder(Children.Put.class)
            .manager(manager)
            .jvmOptions(Children.FAST_START)
            .args("async-take", "from another JVM")
            .start();

    assertThat(taken.get(60, TimeUnit.SECONDS)).isEqualTo("from another JVM");
    assertThat(putter.join(Duration.ofSeconds(60))).isTrue();
    assertThat(get(queue.async().poll(10, TimeUnit.MILLISECONDS))).isNull();
  }

  @Test
  void callsBeyondMaxInFlight_waitForAnAnswer_andGoOnWhenTheConnectionEnds() throws Exception {
    try (ServerSocket listener = new ServerSocket(0)) {
      Thread silent =
          new Thread(() -> SilentServerIT.authenticateThenStaySilent(listener), "silent-server");
      silent.setDaemon(true);
      silent.start();
      ExecutorService completions = Executors.newSingleThreadExecutor();
      Connection connection =
          new Connection(
              Addresses.of("127.0.0.1", listener.getLocalPort()),
              new byte[0],
              null,
              Keepalive.DEFAULT,
              Duration.ofSeconds(10),
              Duration.ofSeconds(30),
              2,
              completions);
      DictProxy<String, String> dict =
          new DictProxy<>(
              new Remote(connection, new ValueCodec(Map.of()), 7, "unanswered", ObjectType.DICT));
      CompletableFuture<String> first = dict.async().put("a", "1");
      CompletableFuture<String> second = dict.async().put("b", "2");
      CompletableFuture<CompletableFuture<String>> third = new CompletableFuture<>();
      Thread caller = new Thread(() -> third.complete(dict.async().put("c", "3")), "third-call");
      caller.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> caller.getState() == Thread.State.WAITING);
      assertThat(third).isNotDone();

      connection.close();

      assertThat(third.get(20, TimeUnit.SECONDS))
          .failsWithin(Duration.ofSeconds(20))
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(ManagerException.class);
      assertThat(first).failsWithin(Duration.ofSeconds(20));
      assertThat(second).failsWithin(Duration.ofSeconds(20));
      completions.shutdown();
    }
  }

  @Test
  void parkedCalls_doNotCountAgainstMaxInFlight() throws Exception {
    Manager manager =
        server.track(
            Manager.builder()
                .address("127.0.0.1", server.port())
                .authkey(ServerExtension.KEY)
                .maxInFlight(1)
                .connect());
    SharedQueue<String> queue = manager.queue("async-parked");
    List<CompletableFuture<String>> takes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      takes.add(queue.async().take());
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> queue.waitingConsumers() == 5);

    assertThat(get(queue.async().offer("first"))).isTrue();
    assertThat(get(manager.<String, Integer>dict("async-parked-dict").async().put("a", 1)))
        .isNull();
    assertThat(get(takes.get(0))).isEqualTo("first");
    assertThat(takes.subList(1, 5)).noneMatch(CompletableFuture::isDone);
  }

  @Test
  void asyncCallAfterClose_failsInsteadOfNeverCompleting() {
    Manager manager = server.connect();
    SharedDict<String, Integer> dict = manager.dict("async-closed");
    manager.close();

    assertThat(dict.async().put("a", 1))
        .failsWithin(Duration.ofSeconds(20))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ManagerException.class);
  }

  @Test
  void maxInFlightBelowOne_isRefused() {
    assertThatThrownBy(() -> Manager.builder().maxInFlight(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
