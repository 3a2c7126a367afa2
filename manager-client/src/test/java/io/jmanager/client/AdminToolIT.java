package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The operators' command line against a real server with a data key and an admin key. */
class AdminToolIT {
  private static final byte[] DATA_KEY = "tool-data-key".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ADMIN_KEY = "tool-admin-key".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private final List<Manager> managers = new ArrayList<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private ManagerServer server;
  private Path adminKey;
  private Path dataKey;

  @BeforeEach
  void start() throws IOException {
    server =
        ManagerServer.start(
            ServerConfig.builder().port(0).authkey(DATA_KEY).adminAuthkey(ADMIN_KEY).build());
    adminKey = Files.write(dir.resolve("admin.key"), ADMIN_KEY);
    dataKey = Files.write(dir.resolve("data.key"), DATA_KEY);
  }

  @AfterEach
  void stop() {
    managers.forEach(Manager::close);
    server.close();
  }

  @Test
  void sessions_listsEachClient_withItsKeyAndWhatItHolds() {
    Manager data = connect();
    data.lock("orders-lock").lock();

    assertThat(run(adminKey, "sessions")).isZero();

    assertThat(out.toString())
        .contains("id", "holding")
        .containsPattern("data +\\S+ +0 +0  orders-lock")
        .contains("admin");
  }

  @Test
  void theDataKey_isRefused_withExitCode1_andAClearMessage() {
    assertThat(run(dataKey, "sessions")).isEqualTo(1);

    assertThat(err.toString()).contains("SESSIONS is an admin operation");
  }

  @Test
  void releaseLock_handsAStuckClientsLockToTheNextWaiter() {
    connect().rlock("stuck").lock();
    Lock next = connect().rlock("stuck");
    CompletableFuture<Boolean> acquired = new CompletableFuture<>();
    new Thread(() -> acquired.complete(lockWithin(next))).start();
    Admin admin = managerWith(ADMIN_KEY).admin();
    await().until(() -> admin.sessions().stream().anyMatch(s -> s.parkedCalls() == 1));

    assertThat(run(adminKey, "release-lock", "stuck")).isZero();

    assertThat(out.toString()).contains("released 'stuck', held by session");
    assertThat(acquired).succeedsWithin(30, TimeUnit.SECONDS).isEqualTo(true);
  }

  @Test
  void delete_andNames_showTheObjectGone() {
    connect().dict("stale");

    assertThat(run(adminKey, "delete", "stale")).isZero();
    assertThat(run(adminKey, "names")).isZero();

    assertThat(out.toString()).contains("deleted 'stale'").doesNotContain("stale\tDICT");
  }

  @Test
  void cluster_ofAServerInMemory_saysItIsNotOne() {
    assertThat(run(adminKey, "cluster")).isZero();

    assertThat(out.toString()).contains("not a cluster");
  }

  @Test
  void stepDown_ofAServerInMemory_failsWithExitCode1_sayingItIsNotACluster() {
    assertThat(run(adminKey, "step-down")).isEqualTo(1);

    assertThat(err.toString()).contains("not a member of a cluster");
  }

  @Test
  void stepDown_withTheDataKey_isRefused() {
    assertThat(run(dataKey, "step-down")).isEqualTo(1);

    assertThat(err.toString()).contains("STEP_DOWN is an admin operation");
  }

  @Test
  void shutdown_stopsTheDaemon() {
    assertThat(run(adminKey, "shutdown")).isZero();

    await()
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> Manager.connect("127.0.0.1", server.port(), DATA_KEY))
                    .isInstanceOf(ManagerException.class));
  }

  @Test
  void aMissingSubcommandOrAddress_isABadCommandLine() {
    assertThat(AdminTool.commandLine().setErr(new PrintWriter(err)).execute()).isEqualTo(2);
    assertThat(
            AdminTool.commandLine()
                .setErr(new PrintWriter(err))
                .execute("--address", "no-port", "sessions"))
        .isEqualTo(2);
  }

  @Test
  void anAddressList_isTriedInOrder() throws IOException {
    String list = FollowerStub.nobody() + ",127.0.0.1:" + server.port();
    connect().dict("listed");

    assertThat(run(list, adminKey, "names")).isZero();

    assertThat(out.toString()).contains("listed\tDICT");
  }

  private int run(Path key, String... command) {
    return run("127.0.0.1:" + server.port(), key, command);
  }

  private int run(String address, Path key, String... command) {
    List<String> args =
        new ArrayList<>(List.of("--address", address, "--authkey-file", key.toString()));
    args.addAll(List.of(command));
    CommandLine tool =
        AdminTool.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int status = tool.execute(args.toArray(String[]::new));
    tool.getErr().flush();
    return status;
  }

  private Manager connect() {
    return managerWith(DATA_KEY);
  }

  private Manager managerWith(byte[] key) {
    Manager manager = Manager.connect("127.0.0.1", server.port(), key);
    managers.add(manager);
    return manager;
  }

  private static boolean lockWithin(Lock lock) {
    try {
      return lock.tryLock(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
