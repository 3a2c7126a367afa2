package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connecting to the first of several addresses that lets the client in, following leaders. */
class AddressListIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  private static final byte[] KEY = ServerExtension.KEY;

  private static String real() {
    return "127.0.0.1:" + server.port();
  }

  private static Manager connect(String addresses, Duration connectTimeout) {
    return server.track(
        Manager.builder()
            .addresses(addresses)
            .authkey(KEY)
            .connectTimeout(connectTimeout)
            .connect());
  }

  private static void assertServes(Manager manager) {
    SharedDict<String, String> dict = manager.dict("address-list");
    dict.put("served", "yes");
    assertThat(dict.get("served")).isEqualTo("yes");
  }

  @Test
  void connect_whenFirstAddressDead_usesTheNext() throws Exception {
    String dead = FollowerStub.nobody();

    Manager manager = server.track(Manager.connect(" " + dead + " , " + real(), KEY));

    assertServes(manager);
    assertThat(manager.address()).isEqualTo(dead + "," + real());
    assertThat(manager.port()).isEqualTo(server.port());
  }

  @Test
  void connect_whenTheOnlyAddressIsAFollower_goesToTheLeaderItNames() throws Exception {
    try (FollowerStub follower = new FollowerStub(KEY).leader(real())) {
      Manager manager = server.track(Manager.connect(follower.address(), KEY));

      assertServes(manager);
      assertThat(manager.address()).isEqualTo(follower.address());
      assertThat(manager.port()).isEqualTo(server.port());
      assertThat(follower.contacts()).isEqualTo(1);
    }
  }

  @Test
  void connect_whenAFollowerKnowsNoLeader_triesTheNextAddress() throws Exception {
    try (FollowerStub follower = new FollowerStub(KEY)) {
      Manager manager = server.track(Manager.connect(follower.address() + "," + real(), KEY));

      assertServes(manager);
      assertThat(manager.port()).isEqualTo(server.port());
      assertThat(follower.contacts()).isEqualTo(1);
    }
  }

  @Test
  void connect_whenAFollowerNamesAMalformedLeader_triesTheNextAddress() throws Exception {
    try (FollowerStub follower = new FollowerStub(KEY).leader("::1:50000")) {
      Manager manager = server.track(Manager.connect(follower.address() + "," + real(), KEY));

      assertServes(manager);
      assertThat(manager.port()).isEqualTo(server.port());
    }
  }

  @Test
  void connect_whenTwoFollowersNameEachOther_reachesTheServerListedLast() throws Exception {
    try (FollowerStub first = new FollowerStub(KEY);
        FollowerStub second = new FollowerStub(KEY)) {
      first.leader(second.address());
      second.leader(first.address());

      Manager manager =
          server.track(
              Manager.connect(first.address() + "," + second.address() + "," + real(), KEY));

      assertServes(manager);
      assertThat(manager.port()).isEqualTo(server.port());
      assertThat(first.contacts()).isEqualTo(1);
      assertThat(second.contacts()).isEqualTo(1);
    }
  }

  @Test
  void connect_whenAServerClosesDuringTheHandshake_usesTheNext() throws Exception {
    try (FollowerStub dying = new FollowerStub(KEY).hangingUp()) {
      Manager manager = server.track(Manager.connect(dying.address() + "," + real(), KEY));

      assertServes(manager);
      assertThat(dying.contacts()).isEqualTo(1);
    }
  }

  @Test
  void connect_whenFirstServerIsBusy_usesTheNext() {
    try (ManagerServer busy = busyServer();
        Manager holder = Manager.connect("127.0.0.1", busy.port(), KEY)) {
      Manager manager =
          server.track(Manager.connect("127.0.0.1:" + busy.port() + "," + real(), KEY));

      assertServes(manager);
      assertThat(manager.port()).isEqualTo(server.port());
      assertServes(holder);
    }
  }

  @Test
  void connect_whenEveryServerIsBusy_throwsServerBusyException_namingEach() {
    try (ManagerServer first = busyServer();
        ManagerServer second = busyServer();
        Manager firstHolder = Manager.connect("127.0.0.1", first.port(), KEY);
        Manager secondHolder = Manager.connect("127.0.0.1", second.port(), KEY)) {
      String both = "127.0.0.1:" + first.port() + ",127.0.0.1:" + second.port();

      assertThatThrownBy(() -> connect(both, Duration.ofSeconds(1)))
          .isInstanceOf(ServerBusyException.class)
          .hasMessageContaining("127.0.0.1:" + first.port())
          .hasMessageContaining("127.0.0.1:" + second.port())
          .hasMessageContaining("too many connections (limit 1)");
    }
  }

  @Test
  void connect_whenAnAddressAnswersNothing_triesTheNextLongBeforeItsShareOfTheTimeout()
      throws Exception {
    try (SilentAddress silent = new SilentAddress()) {
      // the silent address's share of the timeout is 30 s; the bound here is on a hang that long
      Manager manager =
          assertTimeoutPreemptively(
              Duration.ofSeconds(20),
              () -> connect(silent.address() + "," + real(), Duration.ofSeconds(60)));

      assertServes(manager);
    }
  }

  /**
   * A loopback address whose SYNs go unanswered, like a host that is gone: a listener with a full
   * backlog that accepts nothing.
   */
  private static final class SilentAddress implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final List<Socket> queued = new ArrayList<>();

    SilentAddress() throws IOException {
      while (queued.size() < 16) {
        Socket socket = new Socket();
        try {
          socket.connect(listener.getLocalSocketAddress(), 500);
          queued.add(socket);
        } catch (SocketTimeoutException full) {
          socket.close();
          return;
        }
      }
      throw new IllegalStateException("the backlog never filled");
    }

    String address() {
      return "127.0.0.1:" + listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      for (Socket socket : queued) {
        socket.close();
      }
      listener.close();
    }
  }

  @Test
  void connect_whenEveryAddressIsDead_throwsAfterTheConnectTimeout_namingEachAddress()
      throws Exception {
    String a = FollowerStub.nobody();
    String b = FollowerStub.nobody();
    String c = FollowerStub.nobody();

    assertThatThrownBy(() -> connect(a + "," + b + "," + c, Duration.ofSeconds(1)))
        .isExactlyInstanceOf(ManagerException.class)
        .hasMessageContaining("cannot connect to any server of " + a + "," + b + "," + c)
        .hasMessageContaining("within PT1S")
        .hasMessageContaining("cannot connect to " + a + ":")
        .hasMessageContaining("cannot connect to " + b + ":")
        .hasMessageContaining("cannot connect to " + c + ":");
  }

  @Test
  void connect_whenALoneFollowerKnowsNoLeader_triesItAgain_untilTheConnectTimeout()
      throws Exception {
    try (FollowerStub follower = new FollowerStub(KEY)) {
      assertThatThrownBy(() -> connect(follower.address(), Duration.ofSeconds(2)))
          .isExactlyInstanceOf(ManagerException.class)
          .hasMessageContaining(follower.address() + " is not its cluster's leader")
          .hasMessageContaining("knows of none");

      assertThat(follower.contacts()).isGreaterThan(1);
    }
  }

  @Test
  void connect_whenTheKeyIsWrongAtTheFirstAddress_failsAtOnce_withoutTryingTheRest()
      throws Exception {
    try (FollowerStub otherKey = new FollowerStub("other".getBytes(StandardCharsets.UTF_8));
        FollowerStub next = new FollowerStub(KEY).leader(real())) {
      String both = otherKey.address() + "," + next.address();

      assertThatThrownBy(() -> Manager.connect(both, KEY))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining(otherKey.address());
      assertThat(otherKey.contacts()).isEqualTo(1);
      assertThat(next.contacts()).isZero();
    }
  }

  @Test
  void child_getsTheWholeList_andConnectsThroughIt() throws Exception {
    Manager manager = server.track(Manager.connect(FollowerStub.nobody() + "," + real(), KEY));
    JvmProcess child =
        JvmProcess.builder(Children.AddressReporter.class)
            .manager(manager)
            .jvmOptions(Children.FAST_START)
            .args("reported-address")
            .start();

    assertThat(child.join(Duration.ofSeconds(60))).isTrue();
    assertThat(child.exitCode()).hasValue(0);
    Map<String, String> reported = manager.dict("reported-address");
    assertThat(reported)
        .containsEntry("environment", manager.address())
        .containsEntry("connected", real());
  }

  @Test
  void poolWorkers_getTheWholeList_andServeThePool() throws Exception {
    Manager manager = server.track(Manager.connect(FollowerStub.nobody() + "," + real(), KEY));

    try (Pool pool =
        manager.pool("listed-pool", Pool.options().processes(1).jvmOptions(Children.FAST_START))) {
      assertThat(pool.apply(PoolTasks::square, 7)).isEqualTo(49);
    }
  }

  @Test
  void poolWorkerStartedByHand_takesAListAsItsAddress() throws Exception {
    Manager manager = server.connect();
    JvmProcess worker =
        JvmProcess.builder(PoolWorker.class)
            .environment(Manager.AUTHKEY_BASE64_ENV, Base64.getEncoder().encodeToString(KEY))
            .jvmOptions(Children.FAST_START)
            .args("--pool", "listed-by-hand", "--address", FollowerStub.nobody() + "," + real())
            .start();
    try {
      Pool pool = manager.pool("listed-by-hand", 0);
      assertThat(pool.apply(PoolTasks::square, 6)).isEqualTo(36);
    } finally {
      worker.kill();
    }
  }

  /** A server of one connection at most, which a test holds so that the next is refused busy. */
  private static ManagerServer busyServer() {
    return ManagerServer.start(
        ServerConfig.builder().port(0).authkey(KEY).maxConnections(1).build());
  }
}
