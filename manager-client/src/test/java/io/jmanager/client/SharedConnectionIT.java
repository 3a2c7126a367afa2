package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.ObjectType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One connection shared by many threads: the reading role moves between callers, and to a reader
 * thread only when no caller waits for a quick answer.
 */
class SharedConnectionIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  private final ExecutorService completions = Executors.newFixedThreadPool(2);
  private final List<Connection> connections = new ArrayList<>();

  @AfterEach
  void closeAll() {
    connections.forEach(Connection::close);
    completions.shutdownNow();
  }

  private Connection connect() {
    Connection connection =
        new Connection(
            Addresses.of("127.0.0.1", server.port()),
            ServerExtension.KEY,
            null,
            Keepalive.DEFAULT,
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            64,
            completions);
    connections.add(connection);
    return connection;
  }

  private static Remote remote(Connection connection, String name, ObjectType type) {
    List<?> reply = (List<?>) connection.call(0, ManagerOp.OPEN, name, type, -1);
    return new Remote(connection, new ValueCodec(Map.of()), (Long) reply.get(0), name, type);
  }

  @Test
  void aLoneCaller_readsItsOwnAnswers_andNeedsNoReaderThread() throws Exception {
    Connection connection = connect();
    DictProxy<String, Integer> dict = new DictProxy<>(remote(connection, "lone", ObjectType.DICT));

    for (int i = 0; i < 500; i++) {
      dict.put("k" + i, i);
      assertThat(dict.get("k" + i)).isEqualTo(i);
    }

    assertThat(connection.readerTurns()).isZero();
    assertThat(dict.async().get("k7").get(20, TimeUnit.SECONDS)).isEqualTo(7);
    assertThat(connection.readerTurns()).isPositive();
  }

  @Test
  void manyThreads_mixingQuickAsyncAndParkedCalls_eachGetTheirOwnAnswers() throws Exception {
    Connection connection = connect();
    DictProxy<String, Integer> dict = new DictProxy<>(remote(connection, "mixed", ObjectType.DICT));
    ExecutorService callers = Executors.newFixedThreadPool(16);
    List<Future<Integer>> done = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      String name = "mixed-q" + t;
      QueueProxy<Integer> queue = new QueueProxy<>(remote(connection, name, ObjectType.QUEUE), 0);
      int thread = t;
      done.add(
          callers.submit(
              () -> {
                int checked = 0;
                for (int i = 0; i < 300; i++) {
                  String key = "t" + thread + "-" + i;
                  dict.put(key, i);
                  assertThat(dict.get(key)).isEqualTo(i);
                  if (i % 10 == 0) {
                    assertThat(dict.async().put(key, -i).get(20, TimeUnit.SECONDS)).isEqualTo(i);
                  }
                  if (i % 25 == 0) {
                    CompletableFuture<Integer> take = queue.async().take();
                    queue.put(i);
                    assertThat(take.get(20, TimeUnit.SECONDS)).isEqualTo(i);
                    assertThat(queue.poll(20, TimeUnit.MILLISECONDS)).isNull();
                  }
                  checked++;
                }
                return checked;
              }));
    }
    for (Future<Integer> thread : done) {
      assertThat(thread.get(120, TimeUnit.SECONDS)).isEqualTo(300);
    }
    callers.shutdown();

    assertThat(dict).hasSize(16 * 300).containsEntry("t3-20", -20).containsEntry("t15-299", 299);
  }
}
