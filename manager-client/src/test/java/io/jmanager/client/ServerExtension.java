package io.jmanager.client;

import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real server in this JVM on a free port for a test class, and closes every manager a test
 * opened through {@link #connect()} after that test.
 */
final class ServerExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  static final byte[] KEY = "test-authkey".getBytes(StandardCharsets.UTF_8);

  private final List<Manager> managers = new ArrayList<>();
  private ManagerServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = ManagerServer.start(ServerConfig.builder().port(0).authkey(KEY).build());
  }

  /** The running server. */
  ManagerServer server() {
    return server;
  }

  /** The server's port. */
  int port() {
    return server.port();
  }

  /** A new authenticated manager, closed after the test. */
  Manager connect() {
    return track(Manager.connect("127.0.0.1", port(), KEY));
  }

  /**
   * Calls parked on the server now, over every session: the server's own count, which a test waits
   * for to know that a call it started has reached the server and waits there.
   */
  int parkedCalls() {
    try (Manager admin = Manager.connect("127.0.0.1", port(), KEY)) {
      return admin.admin().sessions().stream().mapToInt(Admin.SessionInfo::parkedCalls).sum();
    }
  }

  /** Closes {@code manager} after the test. */
  Manager track(Manager manager) {
    synchronized (managers) {
      managers.add(manager);
    }
    return manager;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    synchronized (managers) {
      managers.forEach(Manager::close);
      managers.clear();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }
}
