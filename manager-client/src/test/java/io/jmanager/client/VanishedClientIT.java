package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A lock holder whose host vanishes: every packet to and from its connection is dropped (an
 * nftables rule on loopback), so neither end ever sees a FIN or a reset. Only TCP keepalive can
 * find it; with the default settings the server drops the connection, and hands the lock on, some
 * 30 s after the holder's last packet, where Linux's own defaults would take 2 h 11 min. Needs root
 * and {@code nft}; skipped without them.
 */
class VanishedClientIT {
  private static final String TABLE = "jmanager_vanished_client";
  private static final Duration BOUND = Duration.ofMinutes(5);

  @Test
  void aLockHolderWhoseHostVanished_losesTheLockOnceKeepaliveGivesUp() throws Exception {
    Assumptions.assumeTrue(nft("list", "tables") == 0, "needs root and nft (nftables)");
    try (ManagerServer server = ManagerServer.start(ServerConfig.builder().port(0).build());
        Manager holder = Manager.connect("127.0.0.1", server.port(), new byte[0]);
        Manager waiter = Manager.connect("127.0.0.1", server.port(), new byte[0])) {
      holder.lock("vanishing").lock();
      int holderPort = holderPort(waiter, "vanishing");
      Lock lock = waiter.lock("vanishing");
      CompletableFuture<Long> acquired = new CompletableFuture<>();
      try {
        drop(holderPort);
        long start = System.nanoTime();
        Thread taker =
            new Thread(
                () -> {
                  try {
                    if (lock.tryLock(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                      acquired.complete(System.nanoTime() - start);
                    } else {
                      acquired.completeExceptionally(
                          new AssertionError("still held after " + BOUND));
                    }
                  } catch (Throwable e) {
                    acquired.completeExceptionally(e);
                  }
                });
        taker.start();

        Duration taken = Duration.ofNanos(acquired.get(BOUND.toSeconds() + 30, TimeUnit.SECONDS));

        System.out.printf("the lock of a vanished holder was handed on after %s%n", taken);
        assertThat(taken).isLessThan(BOUND);
      } finally {
        nft("delete", "table", "inet", TABLE);
      }
    }
  }

  /** The client port of the session holding {@code lock}, as the server sees it. */
  private static int holderPort(Manager admin, String lock) {
    String address =
        await()
            .until(
                () ->
                    admin.admin().sessions().stream()
                        .filter(session -> session.holding().contains(lock))
                        .map(Admin.SessionInfo::remoteAddress)
                        .findFirst()
                        .orElse(null),
                found -> found != null);
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /** Drops every packet to and from local port {@code port}, before anything else sees it. */
  private static void drop(int port) throws Exception {
    assertThat(nft("add", "table", "inet", TABLE)).isZero();
    assertThat(
            nft(
                "add",
                "chain",
                "inet",
                TABLE,
                "input",
                "{ type filter hook input priority -300 ; }"))
        .isZero();
    assertThat(nft("add", "rule", "inet", TABLE, "input", "tcp", "sport", "" + port, "drop"))
        .isZero();
    assertThat(nft("add", "rule", "inet", TABLE, "input", "tcp", "dport", "" + port, "drop"))
        .isZero();
  }

  /** Runs nft with {@code args} and returns its exit code; -1 when it cannot be run. */
  private static int nft(String... args) throws InterruptedException {
    List<String> command = new ArrayList<>(List.of("nft"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).inheritIO().start();
      return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (IOException notInstalled) {
      return -1;
    }
  }
}
