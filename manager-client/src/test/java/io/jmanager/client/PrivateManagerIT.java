package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A manager that starts its own server in a child JVM, as Python's {@code Manager()} does. */
class PrivateManagerIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void start_servesThisProgramAndItsChildren_andCloseStopsTheServer() throws Exception {
    Manager manager = Manager.start();
    ProcessHandle serverProcess = ProcessHandle.of(manager.server().process().pid()).orElseThrow();
    try {
      assertThat(manager.address()).matches("127\\.0\\.0\\.1:\\d+");
      JvmProcess child =
          JvmProcess.builder(Children.Put.class)
              .manager(manager)
              .jvmOptions(Children.FAST_START)
              .args("jobs", "from a child")
              .start();

      assertThat(manager.<String>queue("jobs").poll(60, TimeUnit.SECONDS))
          .isEqualTo("from a child");
      assertThat(child.join(Duration.ofSeconds(30))).isTrue();
      assertThat(child.exitCode()).hasValue(0);
      String commandLine =
          Files.readString(Path.of("/proc", Long.toString(serverProcess.pid()), "cmdline"));
      assertThat(commandLine)
          .contains(PrivateServer.MAIN_CLASS)
          .doesNotContain(new String(manager.authkey(), StandardCharsets.UTF_8))
          .doesNotContain(FastStart.FLAGS.get(0));
    } finally {
      manager.close();
    }

    assertThat(serverProcess.isAlive()).isFalse();
  }

  @Test
  void manyChildrenInTheirHandshakeAtOnce_allGetIn_pastTheDaemonsPerAddressCap() throws Exception {
    try (Manager manager = Manager.start()) {
      // more connections in their handshake from 127.0.0.1 than a daemon lets one address have (64)
      List<Socket> handshaking = new ArrayList<>();
      try {
        for (int i = 0; i < 100; i++) {
          handshaking.add(new Socket(manager.host(), manager.port()));
        }

        try (Manager late = Manager.connect(manager.host(), manager.port(), manager.authkey())) {
          assertThat(late.dict("seen").put("late", 1)).isNull();
        }
      } finally {
        for (Socket socket : handshaking) {
          socket.close();
        }
      }
    }
  }

  @Test
  void killedOwner_takesItsServerWithIt() throws Exception {
    Manager manager = server.connect();
    JvmProcess owner =
        JvmProcess.builder(Children.PrivateOwner.class)
            .manager(manager)
            .jvmOptions(Children.FAST_START)
            .args("owner")
            .start();
    Map<String, Object> seen = manager.dict("owner");
    await().atMost(60, TimeUnit.SECONDS).until(() -> seen.containsKey("server"));
    ProcessHandle serverProcess = ProcessHandle.of((Long) seen.get("server")).orElseThrow();
    assertThat((String) seen.get("address")).startsWith("127.0.0.1:");

    owner.kill();

    await().atMost(60, TimeUnit.SECONDS).until(() -> !serverProcess.isAlive());
    assertThat(owner.join(Duration.ofSeconds(30))).isTrue();
  }

  @Test
  void start_refusesAnAddressKeyOrTlsOfItsOwn() {
    assertThatThrownBy(() -> Manager.builder().address("127.0.0.1", 1).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("picks its own address");
    assertThatThrownBy(() -> Manager.builder().authkey(new byte[1]).start())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Manager.builder().tls().start())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void badServerArgument_failsStart_withTheServersExitCode() {
    assertThatThrownBy(() -> Manager.builder().serverArguments("--no-such-option").start())
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("exited with code 2");
  }
}
