package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BarrierIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void partiesInDifferentClients_areReleasedTogether() throws Exception {
    SharedBarrier first = server.connect().barrier("meet", 2);
    SharedBarrier second = server.connect().barrier("meet", 2);
    CompletableFuture<Integer> firstIndex = arriveLater(first);
    await().until(() -> second.waiting() == 1);

    int secondIndex = second.await();

    assertThat(firstIndex.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(secondIndex).isZero();
  }

  @Test
  void timeout_breaksTheBarrierForEveryone() throws Exception {
    SharedBarrier barrier = server.connect().barrier("late", 3);
    CompletableFuture<Integer> waiting = arriveLater(server.connect().barrier("late", 3));
    await().until(() -> barrier.waiting() == 1);

    assertThatThrownBy(() -> barrier.await(20, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);

    assertThat(waiting)
        .failsWithin(10, TimeUnit.SECONDS)
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(BrokenBarrierException.class);
    assertThat(barrier.isBroken()).isTrue();
    barrier.reset();
    assertThat(barrier.isBroken()).isFalse();
  }

  @Test
  void barrierWithAnotherPartyCount_isRefused() {
    Manager manager = server.connect();
    manager.barrier("sized", 2);

    assertThatThrownBy(() -> manager.barrier("sized", 3)).isInstanceOf(IllegalStateException.class);
  }

  private static CompletableFuture<Integer> arriveLater(SharedBarrier barrier) {
    CompletableFuture<Integer> index = new CompletableFuture<>();
    new Thread(
            () -> {
              try {
                index.complete(barrier.await());
              } catch (Exception e) {
                index.completeExceptionally(e);
              }
            })
        .start();
    return index;
  }
}
