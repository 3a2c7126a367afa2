package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ValueIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void addAndGet_fromManyThreadsOfTwoClients_losesNoUpdate() throws Exception {
    SharedValue<Integer> first = server.connect().value("counter", 0);
    SharedValue<Integer> second = server.connect().value("counter", 1000);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        SharedValue<Integer> value = t % 2 == 0 ? first : second;
        work.add(pool.submit(() -> addRepeatedly(value, 250)));
      }
      for (Future<?> future : work) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(first.get()).isEqualTo(1000);
  }

  private static Void addRepeatedly(SharedValue<Integer> value, int times) {
    for (int i = 0; i < times; i++) {
      value.addAndGet(1);
    }
    return null;
  }

  @Test
  void compareAndSet_andGetAndSet_workOnAnyRegisteredType() {
    SharedValue<String> value = server.connect().value("word", "a");

    assertThat(value.compareAndSet("b", "c")).isFalse();
    assertThat(value.compareAndSet("a", "c")).isTrue();
    assertThat(value.getAndSet("d")).isEqualTo("c");
    assertThat(value.get()).isEqualTo("d");
    assertThatThrownBy(() -> value.addAndGet(1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namespace_attributesAreSharedBetweenClients() {
    SharedNamespace writer = server.connect().namespace("config");
    SharedNamespace reader = server.connect().namespace("config");

    writer.set("workers", 4);
    writer.set("mode", "fast");
    writer.delete("mode");

    assertThat(reader.<Integer>get("workers")).isEqualTo(4);
    assertThat(reader.contains("mode")).isFalse();
    assertThat(reader.names()).containsExactly("workers");
  }
}
