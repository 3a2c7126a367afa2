package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jmanager.protocol.ObjectType;
import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  /** In /proc/net/tcp: the state of an established connection, and the keepalive timer. */
  private static final String ESTABLISHED = "01";

  private static final String KEEPALIVE_TIMER = "02";

  /** Linux's USER_HZ: the unit of the timers in /proc/net/tcp. */
  private static final int TICKS_PER_SECOND = 100;

  // Java's sockets are IPv6 ones carrying IPv4 where the system allows, so both tables count
  private static final List<Path> TCP_TABLES =
      List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  @Test
  void bothEndsOfAConnection_probeASilentPeerWithinTheirConfiguredIdleTime() {
    Assumptions.assumeTrue(
        TCP_TABLES.stream().allMatch(Files::isReadable), "needs Linux's /proc/net/tcp tables");
    try (ManagerServer own = keepaliveServer();
        Manager manager = keepaliveClient(own, 13)) {
      manager.dict("keepalive").put("k", "v");

      // Linux's default idle time is 7,200 s: a timer due later than the configured idle means
      // the option was not set on that end
      await()
          .untilAsserted(
              () -> {
                KeepaliveTimers timers = keepaliveTimers(own.port());
                assertThat(timers.serverEnds()).singleElement().satisfies(dueWithin(11));
                assertThat(timers.clientEnds()).singleElement().satisfies(dueWithin(13));
              });
    }
  }

  @Test
  void childJvms_keepTheirParentsKeepalive() throws Exception {
    Assumptions.assumeTrue(
        TCP_TABLES.stream().allMatch(Files::isReadable), "needs Linux's /proc/net/tcp tables");
    // far above the default of 15 s, so a child on the default shows, however slow this machine
    try (ManagerServer own = keepaliveServer();
        Manager manager = keepaliveClient(own, 600)) {
      Map<String, Long> seen = manager.dict("keepalive-child");
      JvmProcess child =
          JvmProcess.builder(Children.Waiter.class)
              .manager(manager)
              .daemon(true)
              .jvmOptions(Children.FAST_START)
              .args("keepalive-child")
              .start();
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> seen.containsKey("pid"));

        await()
            .untilAsserted(
                () ->
                    assertThat(keepaliveTimers(own.port()).clientEnds())
                        .hasSize(2)
                        .allSatisfy(dueWithin(600))
                        .allSatisfy(
                            ticks -> assertThat(ticks).isGreaterThan(15L * TICKS_PER_SECOND)));
      } finally {
        manager.<String>queue("keepalive-child-q").put("done");
        child.join(Duration.ofSeconds(30));
      }
    }
  }

  /** A server whose keepalive idle time is 11 s. */
  private static ManagerServer keepaliveServer() {
    return ManagerServer.start(
        ServerConfig.builder()
            .port(0)
            .keepalive(Duration.ofSeconds(11), Duration.ofSeconds(5), 3)
            .build());
  }

  /** A client of {@code own} whose keepalive idle time is {@code idleSeconds}. */
  private static Manager keepaliveClient(ManagerServer own, int idleSeconds) {
    return Manager.builder()
        .address("127.0.0.1", own.port())
        .keepalive(Duration.ofSeconds(idleSeconds), Duration.ofSeconds(5), 3)
        .connect();
  }

  /** Ticks until the keepalive probe of each established end of the connections to a port. */
  private record KeepaliveTimers(List<Long> serverEnds, List<Long> clientEnds) {}

  /**
   * Reads the keepalive timers of the established connections to {@code port} from Linux's TCP
   * tables; fails if one has another timer armed.
   */
  private static KeepaliveTimers keepaliveTimers(int port) throws IOException {
    String suffix = String.format(":%04X", port);
    KeepaliveTimers timers = new KeepaliveTimers(new ArrayList<>(), new ArrayList<>());
    for (Path table : TCP_TABLES) {
      List<String> lines = Files.readAllLines(table);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (!f[3].equals(ESTABLISHED) || !(f[1].endsWith(suffix) || f[2].endsWith(suffix))) {
          continue;
        }
        String[] timer = f[5].split(":"); // tr:tm->when
        assertThat(timer[0]).as("timer of %s -> %s", f[1], f[2]).isEqualTo(KEEPALIVE_TIMER);
        long ticks = Long.parseLong(timer[1], 16);
        (f[1].endsWith(suffix) ? timers.serverEnds() : timers.clientEnds()).add(ticks);
      }
    }
    return timers;
  }

  /** A timer due within {@code seconds}. */
  private static Consumer<Long> dueWithin(int seconds) {
    return ticks ->
        assertThat(ticks)
            .as("ticks until the keepalive probe")
            .isLessThanOrEqualTo((long) seconds * TICKS_PER_SECOND);
  }

  @Test
  void connect_withWrongAuthkey_failsWithAuthenticationError_andServerKeepsServing() {
    byte[] wrong = "not-the-key".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Manager.connect("127.0.0.1", server.port(), wrong))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("authentication failed");
    Map<String, Integer> dict = server.connect().dict("after-bad-key");
    dict.put("still", 1);
    assertThat(dict).containsEntry("still", 1);
  }

  @Test
  void connect_whenNoServerListens_failsFastNamingTheAddress() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    long start = System.nanoTime();

    assertThatThrownBy(() -> Manager.connect("127.0.0.1", port, ServerExtension.KEY))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("127.0.0.1:" + port);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void pendingCalls_whenServerStops_failPromptlyWithManagerException() throws Exception {
    ManagerServer own = ManagerServer.start(ServerConfig.builder().port(0).build());
    Manager manager = server.track(Manager.connect("127.0.0.1", own.port(), new byte[0]));
    SharedQueue<String> queue = manager.queue("stops");
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    Thread taker =
        new Thread(
            () -> {
              try {
                queue.take();
                failure.complete(null);
              } catch (Throwable e) {
                failure.complete(e);
              }
            });
    taker.start();
    await().until(() -> queue.waitingConsumers() == 1);

    own.close();

    assertThat(failure.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("shutting down");
    assertThatThrownBy(queue::size).isInstanceOf(ManagerException.class);
  }

  @Test
  void open_withNameOfAnotherType_failsNamingBothTypes_andConnectionStaysUsable() {
    Manager manager = server.connect();
    manager.dict("typed");

    assertThatThrownBy(() -> manager.list("typed"))
        .isInstanceOf(WrongTypeException.class)
        .hasMessageContaining("DICT")
        .hasMessageContaining("LIST");
    assertThat(manager.names()).containsEntry("typed", ObjectType.DICT);
  }

  @Test
  void delete_removesTheObject_andItsProxiesThenFail() {
    Manager manager = server.connect();
    SharedList<String> list = manager.list("doomed");
    list.add("x");

    assertThat(manager.delete("doomed")).isTrue();
    assertThat(manager.delete("doomed")).isFalse();
    assertThat(manager.names()).doesNotContainKey("doomed");
    assertThatThrownBy(list::size).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void queue_withOtherBoundThanExisting_isRefused() {
    Manager manager = server.connect();
    manager.queue("bounded", 5);

    assertThatThrownBy(() -> manager.queue("bounded", 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maxsize 5");
    assertThat(manager.queue("bounded").maxsize()).isEqualTo(5);
  }

  record Point(int x, int y) {}

  record Label(String text) {}

  @Test
  void values_writtenInOneManager_readInAnother_whateverTheRegistrationOrder() {
    Manager first =
        server.track(
            Manager.builder()
                .address("127.0.0.1", server.port())
                .authkey(ServerExtension.KEY)
                .register(Point.class)
                .register(Label.class)
                .connect());
    Manager second =
        server.track(
            Manager.builder()
                .address("127.0.0.1", server.port())
                .authkey(ServerExtension.KEY)
                .register(Label.class)
                .register(Point.class)
                .connect());

    first.<Point, Label>dict("points").put(new Point(1, 2), new Label("a"));

    assertThat(second.<Point, Label>dict("points").get(new Point(1, 2))).isEqualTo(new Label("a"));
  }

  @Test
  void unregisteredValueClass_isAClearError_andConnectionStaysUsable() {
    Manager writer =
        server.track(
            Manager.builder()
                .address("127.0.0.1", server.port())
                .authkey(ServerExtension.KEY)
                .register(Point.class)
                .connect());
    Manager reader = server.connect();
    writer.<String, Point>dict("unregistered").put("p", new Point(3, 4));
    Map<String, Object> seen = reader.dict("unregistered");

    assertThatThrownBy(() -> reader.dict("other").put("p", new Point(1, 1)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(Point.class.getName());
    assertThatThrownBy(() -> seen.get("p")).isInstanceOf(SerializationException.class);
    assertThat(seen.containsKey("p")).isTrue();
  }

  @Test
  void nullsAndBadIndexes_throwWhatTheInterfacesPromise() {
    Manager manager = server.connect();
    Map<String, String> dict = manager.dict("nulls");
    SharedList<String> list = manager.list("indexes");

    assertThatThrownBy(() -> dict.put(null, "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> dict.put("k", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> list.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> manager.queue("q").remove())
        .isInstanceOf(java.util.NoSuchElementException.class);
    list.add("fine");
    assertThat(list).containsExactly("fine");
  }
}
