package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DictIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void merge_fromManyThreadsOfTwoManagers_losesNoUpdate() throws Exception {
    SharedDict<String, Integer> first = server.connect().dict("counter");
    SharedDict<String, Integer> second = server.connect().dict("counter");
    first.put("count", 0);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        SharedDict<String, Integer> dict = t % 2 == 0 ? first : second;
        work.add(pool.submit(() -> increment(dict, 200)));
      }
      for (Future<?> future : work) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(second.get("count")).isEqualTo(1600);
  }

  private static Void increment(SharedDict<String, Integer> dict, int times) {
    for (int i = 0; i < times; i++) {
      dict.merge("count", 1, Integer::sum);
    }
    return null;
  }

  @Test
  void computeIfAbsent_runsTheFunctionOnlyWhenAbsent() {
    SharedDict<String, List<String>> dict = server.connect().dict("lazy");

    assertThat(dict.computeIfAbsent("k", k -> new ArrayList<>(List.of("first"))))
        .containsExactly("first");
    assertThat(dict.computeIfAbsent("k", k -> new ArrayList<>(List.of("second"))))
        .containsExactly("first");
  }

  @Test
  void keysOfDifferentTypes_areDistinct_andKeepInsertionOrder() {
    SharedDict<Object, Object> dict = server.connect().dict("mixed");
    dict.put(1, "1");
    dict.put("2", 2);
    dict.put(0.25, "quarter");
    dict.put(1L, "long one");

    assertThat(dict.keySet()).containsExactly(1, "2", 0.25, 1L);
    assertThat(dict.get(1)).isEqualTo("1");
    assertThat(dict.get(1L)).isEqualTo("long one");
  }

  @Test
  void iteration_isOverASnapshot_andRemoveWritesThrough() {
    SharedDict<String, Integer> dict = server.connect().dict("snap");
    dict.putAll(Map.of("a", 1, "b", 2, "c", 3));

    Iterator<Map.Entry<String, Integer>> entries = dict.entrySet().iterator();
    dict.put("d", 4);
    int seen = 0;
    while (entries.hasNext()) {
      Map.Entry<String, Integer> entry = entries.next();
      seen++;
      if (entry.getKey().equals("b")) {
        entries.remove();
      }
    }

    assertThat(seen).isEqualTo(3);
    assertThat(dict).containsOnlyKeys("a", "c", "d");
  }

  @Test
  void proxy_equalsAnyMapWithTheSameEntries() {
    SharedDict<String, Integer> dict = server.connect().dict("equal");
    dict.put("x", 1);

    assertThat(dict).isEqualTo(Map.of("x", 1));
    assertThat(dict.hashCode()).isEqualTo(Map.of("x", 1).hashCode());
    assertThat(dict.toString()).isEqualTo("{x=1}");
  }
}
