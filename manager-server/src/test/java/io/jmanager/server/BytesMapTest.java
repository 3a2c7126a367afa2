package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dict's compact map, checked operation by operation against a LinkedHashMap. */
class BytesMapTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> contents(BytesMap map) {
    List<String> out = new ArrayList<>();
    map.forEach(
        (key, value) ->
            out.add(
                new String(key, StandardCharsets.UTF_8)
                    + "="
                    + new String(value, StandardCharsets.UTF_8)));
    return out;
  }

  private static List<String> contents(Map<String, String> model) {
    List<String> out = new ArrayList<>();
    model.forEach((key, value) -> out.add(key + "=" + value));
    return out;
  }

  @Test
  void keysCompareByTheirBytes_andKeepInsertionOrder() {
    BytesMap map = new BytesMap();

    assertThat(map.put(bytes("b"), bytes("1"))).isNull();
    assertThat(map.put(bytes("a"), bytes("2"))).isNull();
    assertThat(map.put(bytes("b"), bytes("3"))).isEqualTo(bytes("1"));

    assertThat(map.get(bytes("b"))).isEqualTo(bytes("3"));
    assertThat(map.size()).isEqualTo(2);
    assertThat(contents(map)).containsExactly("b=3", "a=2");
    assertThat(map.remove(bytes("b"))).isEqualTo(bytes("3"));
    assertThat(map.put(bytes("b"), bytes("4"))).isNull();
    assertThat(contents(map)).containsExactly("a=2", "b=4");
    assertThat(map.putIfAbsent(bytes("a"), bytes("9"))).isEqualTo(bytes("2"));
    assertThat(map.replace(bytes("zz"), bytes("9"))).isNull();
    assertThat(map.containsKey(bytes("zz"))).isFalse();
    assertThat(map.containsValue(bytes("4"))).isTrue();
    map.clear();
    assertThat(map.size()).isZero();
    assertThat(contents(map)).isEmpty();
  }

  @Test
  void randomOperations_agreeWithALinkedHashMap_throughGrowthAndRemovals() {
    Random random = new Random(20261123);
    BytesMap map = new BytesMap();
    Map<String, String> model = new LinkedHashMap<>();
    for (int step = 0; step < 200_000; step++) {
      String key = "k" + random.nextInt(step < 100_000 ? 5_000 : 300);
      String value = "v" + step;
      switch (random.nextInt(7)) {
        case 0, 1 ->
            assertThat(text(map.put(bytes(key), bytes(value)))).isEqualTo(model.put(key, value));
        case 2 -> assertThat(text(map.remove(bytes(key)))).isEqualTo(model.remove(key));
        case 3 ->
            assertThat(text(map.putIfAbsent(bytes(key), bytes(value))))
                .isEqualTo(model.putIfAbsent(key, value));
        case 4 ->
            assertThat(text(map.replace(bytes(key), bytes(value))))
                .isEqualTo(model.replace(key, value));
        case 5 -> assertThat(text(map.get(bytes(key)))).isEqualTo(model.get(key));
        default -> assertThat(map.containsKey(bytes(key))).isEqualTo(model.containsKey(key));
      }
      assertThat(map.size()).isEqualTo(model.size());
      if (step % 10_000 == 0) {
        assertThat(contents(map)).isEqualTo(contents(model));
      }
    }
    assertThat(contents(map)).isEqualTo(contents(model));
  }

  private static String text(byte[] value) {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }
}
