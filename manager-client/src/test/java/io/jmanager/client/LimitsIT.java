package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jmanager.protocol.DictOp;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.HandshakeException;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.QueueOp;
import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every server limit: hit, answered with a clear error or a logged close, server still serving. */
class LimitsIT {
  private static final byte[] KEY = ServerExtension.KEY;
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final List<AutoCloseable> opened = new ArrayList<>();
  private final ValueCodec values = new ValueCodec(Map.of());

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private ManagerServer start(UnaryOperator<ServerConfig.Builder> limits) {
    ManagerServer server =
        ManagerServer.start(limits.apply(ServerConfig.builder().port(0).authkey(KEY)).build());
    opened.add(server);
    return server;
  }

  private Manager connect(ManagerServer server, String host, byte[] key) {
    Manager manager = Manager.builder().address(host, server.port()).authkey(key).connect();
    opened.add(manager);
    return manager;
  }

  private Manager connect(ManagerServer server) {
    return connect(server, "127.0.0.1", KEY);
  }

  private RawClient raw(ManagerServer server) throws Exception {
    RawClient client = new RawClient(server.port(), KEY);
    opened.add(client);
    return client;
  }

  @Test
  void connectionsFromOneAddress_beyondTheLimit_areRefusedAsBusy_untilOneCloses() {
    ManagerServer server = start(b -> b.maxConnectionsPerAddress(2));
    Manager first = connect(server);
    connect(server);

    assertThatThrownBy(() -> connect(server))
        .isInstanceOf(ServerBusyException.class)
        .hasMessageContaining("too many connections from 127.0.0.1 (limit 2)");

    first.close();
    await().atMost(WAIT).ignoreExceptions().until(() -> connect(server) != null);
  }

  @Test
  void connectionsOverall_beyondTheLimit_areRefusedAsBusy() {
    ManagerServer server = start(b -> b.maxConnections(1));
    Manager first = connect(server);

    assertThatThrownBy(() -> connect(server))
        .isInstanceOf(ServerBusyException.class)
        .hasMessageContaining("too many connections (limit 1)");
    assertThat(first.dict("still-served")).isEmpty();
  }

  @Test
  void anAddressWithTooManyFailedHandshakes_isRefused_whileOtherAddressesAreNot() throws Exception {
    ManagerServer server = start(b -> b.maxFailedHandshakes(3));
    byte[] wrong = "wrong".getBytes();
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> connect(server, "127.0.0.1", wrong))
          .isInstanceOf(AuthenticationException.class);
    }

    assertThatThrownBy(() -> connect(server, "127.0.0.1", KEY))
        .isInstanceOf(ServerBusyException.class)
        .hasMessageContaining("too many failed handshakes from 127.0.0.1")
        .hasMessageContaining("try again in");
    try (RawClient other = new RawClient(server.port(), KEY, InetAddress.getByName("127.0.0.2"))) {
      other.send(0, ManagerOp.NAMES);
      assertThat(other.read()).isInstanceOf(Message.Reply.class);
    }
  }

  @Test
  void connectionsClosedBeforeTheirHandshakeEnded_countAsFailedHandshakes() throws Exception {
    ManagerServer server = start(b -> b.maxFailedHandshakes(2));
    for (int i = 0; i < 2; i++) {
      RawClient.unauthenticated(server.port()).close();
    }

    // the closes count once the server has seen them: until then a key holder may still get in
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> connect(server))
                    .isInstanceOf(ServerBusyException.class)
                    .hasMessageContaining("too many failed handshakes from 127.0.0.1"));
  }

  @Test
  void unauthenticatedConnectionsFromManyAddresses_leaveKeyHoldersTheirSlots() throws Exception {
    ManagerServer server =
        start(
            b ->
                b.maxConnections(2)
                    .maxConnectionsPerAddress(2)
                    .maxHandshakes(8)
                    .maxHandshakesPerAddress(4)
                    .maxFailedHandshakes(1_000));
    for (int round = 0; round < 2; round++) {
      List<RawClient> held = holdHandshakes(server, 10, 4);
      assertThat(held).hasSize(40);
      assertThat(connect(server).dict("served").put("round", round))
          .isEqualTo(round == 0 ? null : 0);
      held.forEach(LimitsIT::closeQuietly);
    }
    assertThatThrownBy(() -> connect(server))
        .isInstanceOf(ServerBusyException.class)
        .hasMessageContaining("too many connections (limit 2)");
  }

  /**
   * Opens handshakes from {@code addresses} addresses, 127.0.0.2 onwards, until each is refused as
   * busy past {@code perAddress}, and returns those that read HELLO; they send nothing.
   */
  private List<RawClient> holdHandshakes(ManagerServer server, int addresses, int perAddress)
      throws Exception {
    List<RawClient> held = new ArrayList<>();
    for (int a = 2; a < 2 + addresses; a++) {
      InetAddress from = InetAddress.getByName("127.0.0." + a);
      for (int i = 0; i < perAddress; i++) {
        // the server may not have seen the close of this address's previous round yet
        held.add(
            await()
                .atMost(WAIT)
                .ignoreExceptionsInstanceOf(HandshakeException.class)
                .until(() -> RawClient.unauthenticated(server.port(), from), Objects::nonNull));
      }
      assertThatThrownBy(() -> RawClient.unauthenticated(server.port(), from))
          .isInstanceOf(HandshakeException.class)
          .hasMessageContaining(
              "too many connections in their handshake from 127.0.0."
                  + a
                  + " (limit "
                  + perAddress
                  + ")");
    }
    return held;
  }

  private static void closeQuietly(RawClient client) {
    try {
      client.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void connectionsOpenedInAdvance_getNoMoreKeyGuessesThanTheFailureLimit() throws Exception {
    ManagerServer server = start(b -> b.maxFailedHandshakes(3));
    List<RawClient> waiting = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      RawClient client = RawClient.unauthenticated(server.port());
      opened.add(client);
      waiting.add(client);
    }
    byte[] wrong = "wrong".getBytes(StandardCharsets.UTF_8);

    List<Byte> answers = new ArrayList<>();
    for (RawClient client : waiting.subList(0, 8)) {
      answers.add(client.answerTo(wrong)[0]);
    }
    byte[] rightKeyTooLate = waiting.get(8).answerTo(KEY);

    assertThat(answers).filteredOn(status -> status == Handshake.WRONG_KEY).hasSize(3);
    assertThat(answers).filteredOn(status -> status == Handshake.BUSY).hasSize(5);
    assertThat(rightKeyTooLate[0]).isEqualTo(Handshake.BUSY);
    assertThat(new String(rightKeyTooLate, 1, rightKeyTooLate.length - 1, StandardCharsets.UTF_8))
        .contains("too many failed handshakes from 127.0.0.1")
        .contains("try again in");
  }

  @Test
  void parkedCallsOfOneConnection_beyondTheLimit_areRefusedAsBusy_andChangeNothing()
      throws Exception {
    ManagerServer server = start(b -> b.maxInFlightPerConnection(3));
    Manager manager = connect(server);
    SharedQueue<String> queue = manager.queue("capped");
    List<CompletableFuture<String>> takes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      takes.add(queue.async().take());
    }
    await().atMost(WAIT).until(() -> queue.waitingConsumers() == 3);

    assertThatThrownBy(() -> queue.async().take().get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ServerBusyException.class)
        .hasMessageContaining("this connection has 3 calls waiting on the server (limit 3)");
    assertThat(queue.waitingConsumers()).isEqualTo(3);
    connect(server).queue("capped").async().take();
    await().atMost(WAIT).until(() -> queue.waitingConsumers() == 4);

    queue.put("one");
    assertThat(takes.get(0).get(20, TimeUnit.SECONDS)).isEqualTo("one");
    CompletableFuture<String> again = queue.async().take();
    queue.put("two");
    assertThat(takes.get(1).get(20, TimeUnit.SECONDS)).isEqualTo("two");
    assertThat(again).isNotDone();
  }

  @Test
  void parkedCallsOverall_beyondTheLimit_areRefusedAsBusy() throws Exception {
    ManagerServer server = start(b -> b.maxParkedWaiters(2));
    SharedQueue<String> first = connect(server).queue("global-cap");
    SharedQueue<String> second = connect(server).queue("global-cap");
    CompletableFuture<String> one = first.async().take();
    // on two connections, the takes park in the order the server reads them: one, then two
    await().atMost(WAIT).until(() -> first.waitingConsumers() == 1);
    CompletableFuture<String> two = second.async().take();
    await().atMost(WAIT).until(() -> first.waitingConsumers() == 2);

    SharedQueue<String> third = connect(server).queue("global-cap");
    assertThatThrownBy(() -> third.take())
        .isInstanceOf(ServerBusyException.class)
        .hasMessageContaining("2 calls are waiting on the server (limit 2)");
    assertThat(third.offer("x")).isTrue();
    assertThat(one.get(20, TimeUnit.SECONDS)).isEqualTo("x");
    assertThat(two).isNotDone();
  }

  @Test
  void aClientThatSendsWithoutReading_isStoppedFromReading_notDisconnected() throws Exception {
    ManagerServer server = start(b -> b.outputLimits(64 * 1024, 8L * 1024 * 1024));
    connect(server).<String, String>dict("big").put("v", "x".repeat(64 * 1024));
    RawClient client = raw(server);
    client.send(0, ManagerOp.OPEN, "big", ObjectType.DICT, -1);
    long dictId = (Long) ((List<?>) ((Message.Reply) client.read()).value()).get(0);
    int requests = 400;
    CompletableFuture<Void> sent =
        CompletableFuture.runAsync(
            () -> {
              try {
                for (int i = 0; i < requests; i++) {
                  client.send(dictId, DictOp.GET, values.encode("v"));
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    int answered = 0;
    while (answered < requests) {
      Message answer = client.read();
      assertThat(answer).isInstanceOf(Message.Reply.class);
      assertThat(values.decode((byte[]) ((Message.Reply) answer).value()))
          .isEqualTo("x".repeat(64 * 1024));
      answered++;
    }
    sent.get(20, TimeUnit.SECONDS);

    assertThat(answered * 64L * 1024).isGreaterThan(8L * 1024 * 1024);
    assertThat(connect(server).<String, String>dict("big").get("v")).hasSize(64 * 1024);
  }

  @Test
  void answersPastTheOutputCap_closeTheConnection_andNoQueueItemIsLost() throws Exception {
    ManagerServer server = start(b -> b.outputLimits(64 * 1024, 256 * 1024));
    Manager manager = connect(server);
    SharedQueue<String> queue = manager.queue("flood");
    RawClient client = raw(server);
    client.send(0, ManagerOp.OPEN, "flood", ObjectType.QUEUE, -1);
    long queueId = (Long) ((List<?>) ((Message.Reply) client.read()).value()).get(0);
    int items = 400;
    for (int i = 0; i < items; i++) {
      client.send(queueId, QueueOp.POLL_WAIT, -1L);
    }
    await().atMost(WAIT).until(() -> queue.waitingConsumers() == items);

    String padding = "p".repeat(64 * 1024);
    for (int i = 0; i < items; i++) {
      queue.put(i + ":" + padding);
    }
    List<Message> received = client.readUntilClosed();

    Set<String> seen = new HashSet<>();
    for (Message message : received) {
      assertThat(message).isInstanceOf(Message.Reply.class);
      assertThat(seen.add((String) values.decode((byte[]) ((Message.Reply) message).value())))
          .isTrue();
    }
    assertThat(received.size()).isLessThan(items);
    for (String item : queue) {
      assertThat(seen.add(item)).as("%s once", item.substring(0, 5)).isTrue();
    }
    assertThat(seen).hasSize(items);
  }

  @Test
  void aSilentConnection_isClosedAfterTheIdleTimeout_butNotOneParkedOnTheServer() throws Exception {
    ManagerServer server = start(b -> b.idleTimeout(Duration.ofMillis(500)));
    SharedQueue<String> waiting = connect(server).queue("idle");
    CompletableFuture<String> take = waiting.async().take();
    await().atMost(WAIT).until(() -> waiting.waitingConsumers() == 1);
    RawClient silent = raw(server);

    List<Message> last = silent.readUntilClosed();

    assertThat(last)
        .singleElement()
        .isInstanceOfSatisfying(
            Message.Goodbye.class, bye -> assertThat(bye.reason()).contains("idle"));
    assertThat(connect(server).queue("idle").offer("still here")).isTrue();
    assertThat(take.get(20, TimeUnit.SECONDS)).isEqualTo("still here");
  }

  @Test
  void busyIsAnErrorCodeOfItsOwn() throws Exception {
    ManagerServer server = start(b -> b.maxInFlightPerConnection(1));
    RawClient client = raw(server);
    client.send(0, ManagerOp.OPEN, "raw-busy", ObjectType.QUEUE, -1);
    long queueId = (Long) ((List<?>) ((Message.Reply) client.read()).value()).get(0);
    client.send(queueId, QueueOp.POLL_WAIT, -1L);
    client.send(queueId, QueueOp.POLL_WAIT, -1L);

    assertThat(client.read())
        .isInstanceOfSatisfying(
            Message.Failure.class, failure -> assertThat(failure.code()).isEqualTo(ErrorCode.BUSY));
  }

  private static ServerConfig.Builder smallIoBudget(ServerConfig.Builder builder) {
    return builder.maxFrameBytes(256 * 1024).maxReplyBytes(256 * 1024).maxIoBytes(1536 * 1024);
  }

  @Test
  void answersPastTheServersIoBudget_closeTheConnectionWithTheMostUnsent_andNoItemIsLost()
      throws Exception {
    ManagerServer server = start(b -> smallIoBudget(b).outputLimits(64 * 1024, 256L * 1024 * 1024));
    SharedQueue<String> queue = connect(server).queue("budget-flood");
    int takesEach = 300;
    List<RawClient> takers = List.of(raw(server), raw(server));
    for (RawClient taker : takers) {
      taker.send(0, ManagerOp.OPEN, "budget-flood", ObjectType.QUEUE, -1);
      long queueId = (Long) ((List<?>) ((Message.Reply) taker.read()).value()).get(0);
      for (int i = 0; i < takesEach; i++) {
        taker.send(queueId, QueueOp.POLL_WAIT, -1L);
      }
    }
    await().atMost(WAIT).until(() -> queue.waitingConsumers() == 2 * takesEach);

    String padding = "p".repeat(64 * 1024);
    for (int i = 0; i < 2 * takesEach; i++) {
      queue.put(i + ":" + padding);
    }

    Set<String> seen = new HashSet<>();
    for (RawClient taker : takers) {
      List<Message> received = taker.readUntilClosed();
      assertThat(received.size()).as("answers before the close").isLessThan(takesEach);
      for (Message message : received) {
        String item = (String) values.decode((byte[]) ((Message.Reply) message).value());
        assertThat(seen.add(item)).isTrue();
      }
    }
    for (String item = queue.poll(); item != null; item = queue.poll()) {
      assertThat(seen.add(item)).as("%s once", item.substring(0, 5)).isTrue();
    }
    assertThat(seen).hasSize(2 * takesEach);
  }

  @Test
  void aRequestThatWouldDecodePastTheIoBudget_isRefused_andTheManagerGoesOn() {
    ManagerServer server =
        start(b -> b.maxFrameBytes(1024 * 1024).maxReplyBytes(1024 * 1024).maxIoBytes(6 << 20));
    SharedQueue<String> queue = connect(server).queue("decoded");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      many.add("s");
    }

    assertThatThrownBy(() -> queue.addAll(many))
        .isInstanceOf(MemoryLimitException.class)
        .hasMessageContaining("I/O budget");

    assertThat(queue.size()).isZero();
    assertThat(queue.addAll(many.subList(0, 1_000))).isTrue();
    assertThat(queue.size()).isEqualTo(1_000);
  }

  @Test
  void largeRequestsBeyondTheIoBudget_takeTurns_andAreAllApplied() throws Exception {
    ManagerServer server = start(LimitsIT::smallIoBudget);
    String value = "v".repeat(200 * 1024);
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (int writer = 0; writer < 4; writer++) {
      SharedDict<String, String> dict = connect(server).dict("turns");
      int id = writer;
      writers.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 5; i++) {
                  dict.put(id + "-" + i, value);
                }
              }));
    }
    CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    SharedDict<String, String> dict = connect(server).dict("turns");
    assertThat(dict.size()).isEqualTo(20);
    for (int writer = 0; writer < 4; writer++) {
      for (int i = 0; i < 5; i++) {
        assertThat(dict.get(writer + "-" + i)).isEqualTo(value);
      }
    }
  }

  @Test
  void pastTheMemoryBudget_growingCallsAndNewObjectsAreRefused_andEverythingElseGoesOn() {
    ManagerServer server = start(b -> b.maxMemoryBytes(2 * 1024 * 1024));
    Manager manager = connect(server);
    SharedDict<String, byte[]> dict = manager.dict("budgeted");
    byte[] value = new byte[256 * 1024];
    int stored = 0;
    while (true) {
      try {
        dict.put("k" + stored, value);
        stored++;
      } catch (MemoryLimitException refused) {
        assertThat(refused).hasMessageContaining("memory budget");
        break;
      }
    }
    assertThat(stored).isBetween(4, 8);

    assertThatThrownBy(() -> manager.<byte[]>queue("another").offer(value))
        .isInstanceOf(MemoryLimitException.class);
    assertThatThrownBy(() -> manager.array("big", SharedArray.ElementType.LONG, 1 << 20))
        .isInstanceOf(MemoryLimitException.class);
    assertThat(dict.size()).isEqualTo(stored);
    assertThat(dict.get("k0")).hasSize(value.length);

    dict.remove("k0");
    dict.put("k0", value);
    assertThat(dict.size()).isEqualTo(stored);
  }
}
