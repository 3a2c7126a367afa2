package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jmanager.protocol.ObjectType;
import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  /** In /proc/net/tcp: the state of an established connection, and the keepalive timer. */
  private static final String ESTABLISHED = "01";

  private static final String KEEPALIVE_TIMER = "02";

  @Test
  void bothEndsOfAConnection_haveTcpKeepaliveOn() {
    // Java's sockets are IPv6 ones carrying IPv4 where the system allows, so both tables count
    List<Path> tables = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    Assumptions.assumeTrue(
        tables.stream().allMatch(Files::isReadable), "needs Linux's /proc/net/tcp tables");
    server.connect().dict("keepalive").put("k", "v");
    String port = String.format(":%04X", server.port());

    await()
        .untilAsserted(
            () -> {
              List<String[]> ends = new ArrayList<>();
              for (Path table : tables) {
                Files.readAllLines(table).stream()
                    .skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .filter(f -> f[3].equals(ESTABLISHED))
                    .filter(f -> f[1].endsWith(port) || f[2].endsWith(port))
                    .forEach(ends::add);
              }
              assertThat(ends).hasSizeGreaterThanOrEqualTo(2);
              assertThat(ends)
                  .as("timers of the established ends (tr:when)")
                  .allSatisfy(f -> assertThat(f[5]).startsWith(KEEPALIVE_TIMER + ":"));
            });
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
    await().until(() -> taker.getState() == Thread.State.WAITING);

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
