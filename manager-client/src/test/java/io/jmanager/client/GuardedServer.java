package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server for hostile-input tests. It holds data written before any test, and after each test
 * it must still serve a normal client a round trip and hold that data unchanged: bad input loses
 * nothing. Its handshake and idle timeouts are only bounds on a hang, which every client that means
 * well beats however loaded the machine: a test of the timeouts themselves starts a server of its
 * own.
 */
final class GuardedServer implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  static final byte[] KEY = ServerExtension.KEY;
  private static final byte[] ADMIN_KEY = "guarded-admin-key".getBytes(StandardCharsets.UTF_8);
  static final int MAX_FRAME_BYTES = 1 << 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Map<String, Integer> PRIOR = Map.of("a", 1, "b", 2);

  private ManagerServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server =
        ManagerServer.start(
            ServerConfig.builder()
                .port(0)
                .authkey(KEY)
                // as a hardened deployment runs: the data key the hostile clients hold may not
                // shut the server down or delete objects (a fuzzed op can name either)
                .adminAuthkey(ADMIN_KEY)
                .maxFrameBytes(MAX_FRAME_BYTES)
                .handshakeTimeout(TIMEOUT)
                .idleTimeout(TIMEOUT)
                .maxFailedHandshakes(Integer.MAX_VALUE)
                // so that hostile clients reach a user type too, where the server decodes values
                .type(Tally.class.getName(), TallyImpl.class.getName())
                .valueClass(Tally.Entry.class.getName())
                .build());
    try (Manager manager = connect()) {
      manager.<String, Integer>dict("prior").putAll(PRIOR);
      manager.<String>queue("prior-queue").addAll(List.of("first", "second"));
      manager.<String>list("prior-list").add("kept");
    }
  }

  /** The server's port. */
  int port() {
    return server.port();
  }

  /** A normal client. */
  Manager connect() {
    return Manager.builder().address("127.0.0.1", port()).authkey(KEY).connect();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try (Manager manager = connect()) {
      SharedDict<String, String> dict = manager.dict("round-trip");
      dict.put("key", context.getDisplayName());
      assertThat(dict.get("key")).isEqualTo(context.getDisplayName());
      assertThat(manager.<String, Integer>dict("prior")).isEqualTo(PRIOR);
      assertThat(manager.<String>queue("prior-queue")).containsExactly("first", "second");
      assertThat(manager.<String>list("prior-list")).containsExactly("kept");
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }
}
