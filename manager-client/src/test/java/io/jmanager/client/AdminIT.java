package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The split between the data key and the admin key, and what the admin operations do. */
class AdminIT {
  private static final byte[] DATA_KEY = "data-key".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ADMIN_KEY = "admin-key".getBytes(StandardCharsets.UTF_8);

  private final List<AutoCloseable> opened = new ArrayList<>();
  private ManagerServer server;

  @AfterEach
  void closeEverything() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void dataKey_isRefusedEveryAdminOperation_andNothingIsApplied() {
    start(true);
    Manager data = connect(DATA_KEY);
    data.<String, Integer>dict("kept").put("k", 1);
    data.lock("held").lock();
    Admin admin = data.admin();

    assertThatThrownBy(admin::sessions).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> admin.releaseLock("held")).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> data.delete("kept"))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("DELETE is an admin operation");
    assertThatThrownBy(admin::shutdownServer).isInstanceOf(ForbiddenException.class);

    assertThat(data.<String, Integer>dict("kept")).containsEntry("k", 1);
    assertThat(connect(DATA_KEY).lock("held").tryLock()).isFalse();
    assertThat(data.names()).containsKeys("kept", "held");
  }

  @Test
  void adminKey_listsEverySession_withItsRole_parkedCalls_andHeldObjects() throws Exception {
    start(true);
    Manager data = connect(DATA_KEY);
    data.lock("held").lock();
    CompletableFuture<String> taken = data.<String>queue("empty").async().take();
    Manager admin = connect(ADMIN_KEY);

    await()
        .untilAsserted(
            () ->
                assertThat(admin.admin().sessions())
                    .hasSize(2)
                    .anySatisfy(
                        session -> {
                          assertThat(session.admin()).isFalse();
                          assertThat(session.holding()).containsExactly("held");
                          assertThat(session.parkedCalls()).isEqualTo(1);
                          assertThat(session.remoteAddress()).contains("127.0.0.1");
                        })
                    .anySatisfy(
                        session -> {
                          assertThat(session.admin()).isTrue();
                          assertThat(session.holding()).isEmpty();
                        }));
    data.<String>queue("empty").put("x");
    assertThat(taken).succeedsWithin(30, TimeUnit.SECONDS).isEqualTo("x");
  }

  @Test
  void releaseLock_freesALockHeldByALiveClient_andHandsItToTheNextWaiter() {
    start(true);
    Lock stuck = connect(DATA_KEY).rlock("rlock");
    stuck.lock();
    Admin admin = connect(ADMIN_KEY).admin();
    long holder = holderOf(admin, "rlock");
    Lock next = connect(DATA_KEY).rlock("rlock");
    CompletableFuture<Boolean> handedOver = new CompletableFuture<>();
    new Thread(() -> handedOver.complete(lockWithin(next, 30))).start();
    await().until(() -> admin.sessions().stream().anyMatch(s -> s.parkedCalls() == 1));

    assertThat(admin.releaseLock("rlock")).hasValue(holder);

    assertThat(handedOver).succeedsWithin(30, TimeUnit.SECONDS).isEqualTo(true);
    assertThat(holderOf(admin, "rlock")).isNotEqualTo(holder);
    assertThatThrownBy(stuck::unlock).isInstanceOf(IllegalMonitorStateException.class);
  }

  @Test
  void releaseLock_ofAPlainLock_leavesTheStuckHoldersLateUnlockRefused_soNoTwoHoldItAtOnce() {
    start(true);
    Lock stuck = connect(DATA_KEY).lock("plain");
    stuck.lock();
    Admin admin = connect(ADMIN_KEY).admin();
    admin.releaseLock("plain");
    Lock next = connect(DATA_KEY).lock("plain");
    assertThat(next.tryLock()).isTrue();

    assertThatThrownBy(stuck::unlock)
        .isInstanceOf(IllegalMonitorStateException.class)
        .hasMessageContaining("administrator");

    assertThat(connect(DATA_KEY).lock("plain").tryLock()).isFalse();
    next.unlock();
    assertThat(stuck.tryLock()).isTrue();
    stuck.unlock();
  }

  private static long holderOf(Admin admin, String lock) {
    return admin.sessions().stream()
        .filter(session -> session.holding().contains(lock))
        .findFirst()
        .orElseThrow()
        .id();
  }

  private static boolean lockWithin(Lock lock, int seconds) {
    try {
      return lock.tryLock(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void releaseLock_ofAFreeLock_isEmpty_andOfAnythingElse_isATypedError() {
    start(true);
    Manager admin = connect(ADMIN_KEY);
    admin.lock("free");
    admin.dict("not-a-lock");

    assertThat(admin.admin().releaseLock("free")).isEmpty();
    assertThatThrownBy(() -> admin.admin().releaseLock("not-a-lock"))
        .isInstanceOf(WrongTypeException.class);
    assertThatThrownBy(() -> admin.admin().releaseLock("missing"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void adminShutdown_failsParkedCalls_andStopsTheServer() {
    start(true);
    Manager data = connect(DATA_KEY);
    CompletableFuture<String> parked = data.<String>queue("jobs").async().take();
    connect(ADMIN_KEY).admin().shutdownServer();

    assertThat(parked)
        .failsWithin(30, TimeUnit.SECONDS)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withMessageContaining("shutting down");
    await()
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> Manager.connect("127.0.0.1", server.port(), DATA_KEY))
                    .isInstanceOf(ManagerException.class));
  }

  @Test
  void withoutAnAdminKey_theDataKeyMayRunAdminOperations() {
    start(false);
    Manager data = connect(DATA_KEY);
    data.dict("gone");

    assertThat(data.admin().sessions())
        .singleElement()
        .satisfies(s -> assertThat(s.admin()).isTrue());
    assertThat(data.delete("gone")).isTrue();
  }

  @Test
  void wrongKey_isStillRefused_whenBothKeysExist() {
    start(true);

    assertThatThrownBy(
            () ->
                Manager.connect(
                    "127.0.0.1", server.port(), "guess".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void anAdminKeyEqualToTheDataKey_isRejected() {
    assertThatThrownBy(
            () -> ServerConfig.builder().authkey(DATA_KEY).adminAuthkey(DATA_KEY.clone()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must differ");
  }

  private void start(boolean withAdminKey) {
    ServerConfig.Builder config = ServerConfig.builder().port(0).authkey(DATA_KEY);
    if (withAdminKey) {
      config.adminAuthkey(ADMIN_KEY);
    }
    server = ManagerServer.start(config.build());
  }

  private Manager connect(byte[] key) {
    Manager manager = Manager.connect("127.0.0.1", server.port(), key);
    opened.add(manager);
    return manager;
  }
}
