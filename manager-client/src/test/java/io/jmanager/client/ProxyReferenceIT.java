package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proxies sent through the task codec arrive as the same shared objects on another manager. */
class ProxyReferenceIT {
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
    return Manager.builder().address("127.0.0.1", server.port()).connect();
  }

  @Test
  void everyProxy_sentToAnotherManager_opensTheSameObjectThere() throws Exception {
    try (Manager sender = connect();
        Manager receiver = connect()) {
      SharedLock lock = sender.lock("ref-lock");
      SharedPipe<String> pipe = sender.pipe("ref-pipe", false);
      List<Object> sent =
          List.of(
              sender.dict("ref-dict"),
              sender.list("ref-list"),
              sender.queue("ref-queue", 3),
              sender.joinableQueue("ref-joinable"),
              lock,
              sender.rlock("ref-rlock"),
              sender.condition("ref-condition", lock),
              sender.semaphore("ref-semaphore", 2),
              sender.boundedSemaphore("ref-bounded", 1),
              sender.event("ref-event"),
              sender.barrier("ref-barrier", 2),
              sender.value("ref-value", 7),
              sender.namespace("ref-namespace"),
              pipe,
              pipe.first(),
              pipe.second(),
              sender.array("ref-array", SharedArray.ElementType.DOUBLE, 4),
              sender.object("ref-tally", Tally.class),
              sender.pool("ref-pool", 0),
              sender);

      List<Object> received =
          receiver.taskCodec().decodeResults(sender.taskCodec().encodeResults(sent));

      assertThat(received).hasSameSizeAs(sent);
      for (int i = 0; i < sent.size() - 1; i++) {
        assertThat(received.get(i).getClass()).isEqualTo(sent.get(i).getClass());
        assertThat(described(received.get(i))).isEqualTo(described(sent.get(i)));
      }
      assertThat(received.get(sent.size() - 1)).isSameAs(receiver);
      sender.<String, Integer>dict("ref-dict").put("k", 1);
      assertThat(((ConcurrentMap<?, ?>) received.get(0)).get("k")).isEqualTo(1);
      assertThat(((SharedQueue<?>) received.get(2)).maxsize()).isEqualTo(3);
      assertThat(((SharedValue<?>) received.get(11)).get()).isEqualTo(7);
      pipe.second().send("over");
      assertThat(((SharedPipe.Connection<?>) received.get(14)).recv()).isEqualTo("over");
    }
  }

  @Test
  void aProxyOfAnotherManager_isRefused() {
    try (Manager sender = connect();
        Manager other = connect()) {
      List<Object> foreign = new ArrayList<>(List.of(other.dict("ref-foreign")));

      assertThatThrownBy(() -> sender.taskCodec().encodeResults(foreign))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("DICT 'ref-foreign'")
          .hasMessageContaining("another manager");
      assertThatThrownBy(() -> sender.taskCodec().encodeResults(List.of(other)))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("another manager");
    }
  }

  /** A proxy's reference without its connection, or its JDK proxy handler's. */
  private static ProxyReference described(Object proxy) {
    Object reopenable =
        Proxy.isProxyClass(proxy.getClass()) ? Proxy.getInvocationHandler(proxy) : proxy;
    ProxyReference reference = ((Reopenable) reopenable).reference();
    return new ProxyReference(
        null, reference.type(), reference.name(), reference.parameter(), reference.detail());
  }
}
