package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.ValueKryo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The dict's compact map, checked operation by operation against a LinkedHashMap. */
class BytesMapTest {
  private static final int KEYS = 300_000;

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

  @Test
  void growthThatRunsOutOfMemory_leavesTheMapAsItWas_andUsable() {
    FailingTables tables = new FailingTables();
    BytesMap map = new BytesMap(tables);
    for (int i = 0; i < 8; i++) {
      map.put(bytes("k" + i), bytes("v" + i));
    }
    List<String> before = contents(map);

    tables.failing = true;
    assertThatThrownBy(() -> map.put(bytes("k8"), bytes("v8")))
        .isInstanceOf(OutOfMemoryError.class);
    assertThatThrownBy(map::clear).isInstanceOf(OutOfMemoryError.class);

    assertThat(contents(map)).isEqualTo(before);
    assertThat(map.size()).isEqualTo(8);
    assertThat(map.get(bytes("k7"))).isEqualTo(bytes("v7"));
    assertThat(map.get(bytes("k8"))).isNull();
    tables.failing = false;
    map.put(bytes("k8"), bytes("v8"));
    assertThat(map.size()).isEqualTo(9);
    assertThat(map.get(bytes("k0"))).isEqualTo(bytes("v0"));
    assertThat(map.get(bytes("k8"))).isEqualTo(bytes("v8"));
  }

  @Test
  void putAllThatRunsOutOfMemory_changesNothing() {
    FailingTables tables = new FailingTables();
    BytesMap map = new BytesMap(tables);
    for (int i = 0; i < 8; i++) {
      map.put(bytes("k" + i), bytes("v" + i));
    }

    tables.failing = true;
    assertThatThrownBy(
            () -> map.putAll(List.of(bytes("k0"), bytes("new"), bytes("k8"), bytes("v8"))))
        .isInstanceOf(OutOfMemoryError.class);

    assertThat(map.get(bytes("k0"))).isEqualTo(bytes("v0"));
    assertThat(map.size()).isEqualTo(8);
    tables.failing = false;
    map.putAll(List.of(bytes("k0"), bytes("new"), bytes("k8"), bytes("v8")));
    assertThat(contents(map)).startsWith("k0=new").endsWith("k7=v7", "k8=v8").hasSize(9);
  }

  /** Index tables from the heap, or, while {@code failing}, the error a full heap throws. */
  private static final class FailingTables implements IntFunction<int[]> {
    boolean failing;

    @Override
    public int[] apply(int length) {
      if (failing) {
        throw new OutOfMemoryError("Java heap space (simulated)");
      }
      return new int[length];
    }
  }

  /**
   * Probe lengths rather than time, so that a loaded machine cannot fail it: with a hash that
   * spreads these encodings (they differ only in their last bytes) a lookup reads about 1.5 slots
   * on average in a table at most two-thirds full; the summed hash of the bytes with linear probing
   * read thousands.
   */
  @Test
  void integerAndLongKeys_asClientsEncodeThem_areFoundInAFewProbes() {
    Kryo kryo = ValueKryo.create(Map.of());
    for (IntFunction<Object> key : List.<IntFunction<Object>>of(i -> i, i -> (long) i)) {
      BytesMap map = new BytesMap();
      for (int i = 0; i < KEYS; i++) {
        map.put(encode(kryo, key.apply(i)), bytes("v"));
      }
      long probes = 0;
      int longest = 0;
      for (int i = 0; i < KEYS; i++) {
        int these = map.probes(encode(kryo, key.apply(i)));
        probes += these;
        longest = Math.max(longest, these);
      }
      assertThat(map.size()).isEqualTo(KEYS);
      assertThat((double) probes / KEYS).as("mean probes").isLessThan(2.5);
      assertThat(longest).as("longest probe").isLessThan(100);
    }
  }

  private static byte[] encode(Kryo kryo, Object value) {
    try (Output output = new Output(16, -1)) {
      kryo.writeClassAndObject(output, value);
      return output.toBytes();
    }
  }
}
