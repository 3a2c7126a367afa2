package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A server that authenticates and then never answers: calls must time out, not hang. */
class SilentServerIT {
  @Test
  void callToAServerThatStopsAnswering_throwsManagerTimeoutException() throws Exception {
    try (ServerSocket listener = new ServerSocket(0)) {
      Thread server = new Thread(() -> authenticateThenStaySilent(listener), "silent-server");
      server.setDaemon(true);
      server.start();
      long start = System.nanoTime();

      try (Manager manager =
          Manager.builder()
              .address("127.0.0.1", listener.getLocalPort())
              .callTimeout(Duration.ofMillis(300))
              .connect()) {
        assertThatThrownBy(() -> manager.dict("anything"))
            .isInstanceOf(ManagerTimeoutException.class)
            .hasMessageContaining("OPEN");
      }

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void callsFromSeveralThreads_allTimeOut_whicheverThreadWasReading() throws Exception {
    try (ServerSocket listener = new ServerSocket(0)) {
      Thread server = new Thread(() -> authenticateThenStaySilent(listener), "silent-server");
      server.setDaemon(true);
      server.start();
      ExecutorService callers = Executors.newFixedThreadPool(4);

      try (Manager manager =
          Manager.builder()
              .address("127.0.0.1", listener.getLocalPort())
              .callTimeout(Duration.ofMillis(300))
              .connect()) {
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          String name = "silent-" + i;
          calls.add(callers.submit(() -> manager.dict(name)));
        }
        for (Future<?> call : calls) {
          assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
              .isInstanceOf(ExecutionException.class)
              .hasCauseInstanceOf(ManagerTimeoutException.class);
        }
      } finally {
        callers.shutdownNow();
      }
    }
  }

  /** Accepts one client, authenticates it with an empty key, then reads and never answers. */
  static void authenticateThenStaySilent(ServerSocket listener) {
    try (Socket socket = listener.accept()) {
      ScriptedServer.welcome(socket);
      socket.getInputStream().transferTo(OutputStream.nullOutputStream());
    } catch (IOException closed) {
      // the client went away: the silent server's job is done
    }
  }
}
