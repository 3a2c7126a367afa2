package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UserObjectIT {
  record Secret(String value) {}

  private static ManagerServer server;

  @BeforeAll
  static void start() {
    server =
        ManagerServer.start(
            ServerConfig.builder()
                .port(0)
                .type(Tally.class.getName(), TallyImpl.class.getName())
                .valueClass(Tally.Entry.class.getName())
                .build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Manager connect() {
    return Manager.builder()
        .address("127.0.0.1", server.port())
        .register(Tally.Entry.class)
        .register(Secret.class)
        .connect();
  }

  @Test
  void twoClients_shareOneInstance_throughTheInterface() {
    try (Manager first = connect();
        Manager second = connect()) {
      Tally a = first.object("tally", Tally.class);
      Tally b = second.object("tally", Tally.class);

      a.add(new Tally.Entry("apples", 3));
      int total = b.add(new Tally.Entry("pears", 5));

      assertThat(total).isEqualTo(8);
      assertThat(a.largest()).isEqualTo(new Tally.Entry("pears", 5));
      assertThat(a.toString()).contains("Tally").contains("tally");
    }
  }

  @Test
  void methodThatThrows_isARemoteInvocationExceptionNamingTheClass() {
    try (Manager manager = connect()) {
      Tally tally = manager.object("failing", Tally.class);

      assertThatThrownBy(() -> tally.fail("no"))
          .isInstanceOf(RemoteInvocationException.class)
          .hasMessageContaining(IllegalStateException.class.getName())
          .hasMessageContaining("no");
      assertThat(tally.add(new Tally.Entry("still works", 1))).isEqualTo(1);
    }
  }

  @Test
  void argumentOfAClassTheServerDoesNotRegister_isRefused_notInstantiated() {
    try (Manager manager = connect()) {
      Tally tally = manager.object("guarded", Tally.class);

      assertThatThrownBy(() -> tally.store(new Secret("x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not registered on the server");
    }
  }

  @Test
  void interfaceWithoutAnInstalledType_orAnotherTypeUnderTheName_isRefused() {
    try (Manager manager = connect()) {
      manager.object("typed", Tally.class);

      assertThatThrownBy(() -> manager.object("other", Runnable.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no type is registered");
      assertThatThrownBy(() -> manager.object("typed", Comparable.class))
          .isInstanceOf(WrongTypeException.class);
      assertThatThrownBy(() -> manager.object("x", TallyImpl.class))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
