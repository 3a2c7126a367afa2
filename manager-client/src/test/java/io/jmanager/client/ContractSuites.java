package io.jmanager.client;

import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One server and one manager shared by the Guava testlib contract suites, which create thousands of
 * short-lived objects; each gets a fresh name so no test sees another's state.
 */
final class ContractSuites {
  private static final ManagerServer SERVER =
      ManagerServer.start(ServerConfig.builder().port(0).build());
  private static final Manager MANAGER = Manager.connect("127.0.0.1", SERVER.port(), new byte[0]);
  private static final AtomicInteger NAMES = new AtomicInteger();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  MANAGER.close();
                  SERVER.close();
                }));
  }

  private ContractSuites() {}

  /** The manager every suite uses. */
  static Manager manager() {
    return MANAGER;
  }

  /** A name no object has had yet. */
  static String freshName(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }
}
