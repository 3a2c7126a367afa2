package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The health port a container's healthcheck reads. */
class HealthPortIT {
  @Test
  void servingServer_answersReady_andClosesTheConnection() throws IOException {
    try (ManagerServer server =
        ManagerServer.start(ServerConfig.builder().port(0).healthPort("127.0.0.1", 0).build())) {
      InetSocketAddress health = server.healthAddress().orElseThrow();

      assertThat(health.getPort()).isNotEqualTo(server.port());
      for (int i = 0; i < 3; i++) {
        try (Socket socket = new Socket(health.getAddress(), health.getPort());
            BufferedReader reader = reader(socket)) {
          assertThat(reader.readLine()).isEqualTo("ready");
          assertThat(reader.readLine()).isNull();
        }
      }
    }
  }

  @Test
  void closedServer_refusesHealthConnections() {
    ManagerServer server =
        ManagerServer.start(ServerConfig.builder().port(0).healthPort("127.0.0.1", 0).build());
    InetSocketAddress health = server.healthAddress().orElseThrow();

    server.close();

    assertThatThrownBy(() -> new Socket(health.getAddress(), health.getPort()).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void withoutAHealthPort_noneIsOpened() {
    try (ManagerServer server = ManagerServer.start(ServerConfig.builder().port(0).build())) {
      assertThat(server.healthAddress()).isEmpty();
    }
  }

  @Test
  void healthPortInUse_failsTheStart_andReleasesTheMainPort() throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      int main;
      try (ServerSocket probe = new ServerSocket(0)) {
        main = probe.getLocalPort();
      }
      ServerConfig config =
          ServerConfig.builder().port(main).healthPort("127.0.0.1", taken.getLocalPort()).build();

      assertThatThrownBy(() -> ManagerServer.start(config))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
      try (ServerSocket again = new ServerSocket(main)) {
        assertThat(again.getLocalPort()).isEqualTo(main);
      }
    }
  }

  @Test
  void healthPortOutOfRange_isRefused() {
    assertThatThrownBy(() -> ServerConfig.builder().healthPort("127.0.0.1", -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1 to 65535");
  }

  private static BufferedReader reader(Socket socket) throws IOException {
    return new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
  }
}
