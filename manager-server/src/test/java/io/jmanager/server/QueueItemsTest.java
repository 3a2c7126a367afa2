package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class QueueItemsTest {
  private final QueueItems items = new QueueItems();

  @Test
  void everyChange_keepsTheOrderAndTheIdsOfAnArrayDequeOfPairs() {
    Deque<long[]> model = new ArrayDeque<>();
    Random random = new Random(42);
    for (int step = 0; step < 20_000; step++) {
      int value = random.nextInt(5);
      switch (random.nextInt(8)) {
        case 0, 1, 2 -> {
          items.addLast(bytes(value));
          model.addLast(new long[] {lastIdOf(items), value});
        }
        case 3 -> {
          long id = items.isEmpty() ? -1 : items.firstId();
          byte[] polled = items.pollFirst();
          long[] expected = model.pollFirst();
          assertThat(polled == null ? null : new long[] {id, polled[0]}).isEqualTo(expected);
          if (polled != null && random.nextBoolean()) {
            items.addAllFirst(List.of(polled), new long[] {id});
            model.addFirst(expected);
          }
        }
        case 4 -> {
          long id = model.isEmpty() || random.nextInt(4) == 0 ? -1 : pick(model, random)[0];
          assertThat(items.removeId(id)).isEqualTo(model.removeIf(pair -> pair[0] == id));
        }
        case 5 -> {
          long[] first = model.stream().filter(pair -> pair[1] == value).findFirst().orElse(null);
          assertThat(items.removeFirst(equalTo(value))).isEqualTo(model.remove(first));
        }
        case 6 ->
            assertThat(items.removeIf(equalTo(value)))
                .isEqualTo(model.removeIf(pair -> pair[1] == value));
        default -> {
          if (random.nextInt(50) == 0) {
            items.clear();
            model.clear();
          }
        }
      }
      assertThat(pairsOf(items)).containsExactlyElementsOf(model);
      assertThat(items.bytes())
          .isEqualTo(
              model.stream().mapToLong(pair -> QueueItems.bytesOf(bytes((int) pair[1]))).sum());
    }
  }

  @Test
  void itemsPutBackTogether_goBeforeTheOthers_inTheirOrder_withTheirIds() {
    for (int i = 0; i < 20; i++) {
      items.addLast(bytes(i));
    }
    List<byte[]> polled = new ArrayList<>();
    long[] ids = new long[3];
    for (int i = 0; i < 3; i++) {
      ids[i] = items.firstId();
      polled.add(items.pollFirst());
    }

    items.addAllFirst(polled, ids);

    assertThat(items.idAt(0)).isEqualTo(1);
    assertThat(items.idAt(2)).isEqualTo(3);
    for (int i = 0; i < 20; i++) {
      assertThat(items.pollFirst()).isEqualTo(bytes(i));
    }
  }

  @Test
  void growingWhileTheHeadHasWrapped_keepsTheOrderAndTheIds() {
    for (int i = 0; i < 10; i++) {
      items.addLast(bytes(i));
    }
    for (int i = 0; i < 8; i++) {
      items.pollFirst();
    }
    for (int i = 10; i < 100_000; i++) {
      items.addLast(bytes(i));
    }

    for (int i = 8; i < 100_000; i++) {
      assertThat(items.firstId()).isEqualTo(i + 1);
      assertThat(items.pollFirst()).isEqualTo(bytes(i));
    }
    assertThat(items.isEmpty()).isTrue();
  }

  private static long lastIdOf(QueueItems items) {
    List<Object> all = items.idsAndValues();
    return (Long) all.get(all.size() - 2);
  }

  private static long[] pick(Deque<long[]> model, Random random) {
    return new ArrayList<>(model).get(random.nextInt(model.size()));
  }

  private static List<long[]> pairsOf(QueueItems items) {
    List<Object> all = items.idsAndValues();
    List<long[]> pairs = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 2) {
      pairs.add(new long[] {(Long) all.get(i), ((byte[]) all.get(i + 1))[0]});
    }
    return pairs;
  }

  private static Predicate<byte[]> equalTo(int value) {
    return candidate -> candidate[0] == value;
  }

  private static byte[] bytes(int value) {
    return new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16)};
  }
}
