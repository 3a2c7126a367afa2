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

class ArrayIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void arrayWithValues_isCreatedHoldingThem_andAnotherClientSeesThem() {
    Manager manager = server.connect();
    SharedArray made = manager.array("made", SharedArray.ElementType.of('B'), new long[] {1, 300});
    SharedArray again =
        server.connect().array("made", SharedArray.ElementType.UNSIGNED_BYTE, new long[] {9, 9});
    SharedArray floats = manager.array(SharedArray.ElementType.FLOAT, new double[] {0.5, 0.1});
    SharedArray big = manager.array(SharedArray.ElementType.of('L'), new long[] {-1});

    assertThat(again.toLongArray()).containsExactly(1, 44);
    assertThat(made.elementType().typecode()).isEqualTo('B');
    assertThat(floats.toDoubleArray()).containsExactly(0.5, (double) 0.1f);
    assertThat(big.getDouble(0)).isEqualTo(0x1p64);
    assertThatThrownBy(() -> manager.array("made", SharedArray.ElementType.UNSIGNED_BYTE, 3))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SharedArray.ElementType.of('x'))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addAndGet_fromTwoClients_losesNoUpdate_andReadsInOneRoundTrip() throws Exception {
    SharedArray first = server.connect().array("hist", SharedArray.ElementType.INT, 4);
    SharedArray second = server.connect().array("hist", SharedArray.ElementType.INT, 4);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        SharedArray array = t % 2 == 0 ? first : second;
        int slot = t;
        work.add(pool.submit(() -> bump(array, slot, 100)));
      }
      for (Future<?> future : work) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(second.toLongArray()).containsExactly(100, 100, 100, 100);
  }

  private static Void bump(SharedArray array, int slot, int times) {
    for (int i = 0; i < times; i++) {
      array.addAndGet(slot, 1L);
    }
    return null;
  }

  @Test
  void doubleArray_andItsErrors() {
    Manager manager = server.connect();
    SharedArray array = manager.array("weights", SharedArray.ElementType.DOUBLE, 2);

    array.set(0, 1.5);
    assertThat(array.addAndGet(0, 0.25)).isEqualTo(1.75);
    assertThat(array.toDoubleArray()).containsExactly(1.75, 0.0);
    assertThatThrownBy(() -> array.getDouble(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> manager.array("weights", SharedArray.ElementType.LONG, 2))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> manager.array("weights", SharedArray.ElementType.DOUBLE, 3))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anArrayLongerThanTheServersLimit_isRefused_andTheLongestAllowedWorks() {
    Manager manager = server.connect();
    int most = 1 << 20;

    assertThatThrownBy(() -> manager.array("too-long", SharedArray.ElementType.LONG, most + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most " + most);
    assertThat(manager.names()).doesNotContainKey("too-long");
    SharedArray longest = manager.array("longest", SharedArray.ElementType.LONG, most);
    longest.set(most - 1, 7);
    assertThat(longest.getLong(most - 1)).isEqualTo(7);
  }
}
