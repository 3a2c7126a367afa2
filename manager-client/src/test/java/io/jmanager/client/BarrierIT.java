package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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

  private static final AtomicInteger TRIPS = new AtomicInteger();

  @Test
  void action_runsOncePerRound_inTheJvmOfTheLastPartyToArrive() throws Exception {
    Manager manager = server.connect();
    manager.barrier("tripping", 3, Children.BarrierActions::recordTrip, null);
    List<JvmProcess> parties = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      parties.add(
          JvmProcess.builder(Children.BarrierParty.class)
              .manager(manager)
              .jvmOptions(Children.FAST_START)
              .args("tripping")
              .start());
    }
    for (JvmProcess party : parties) {
      assertThat(party.join(Duration.ofSeconds(60))).isTrue();
      assertThat(party.exitCode()).hasValue(0);
    }

    SharedDict<String, Long> trips = manager.dict("trips");
    assertThat(trips.get("count")).isEqualTo(1L);
    assertThat(parties.stream().map(JvmProcess::pid)).contains(trips.get("pid"));
  }

  @Test
  void actionThatThrows_breaksTheBarrier_andThrowsFromTheLastPartysAwait() throws Exception {
    SharedBarrier barrier =
        server
            .connect()
            .barrier(
                1,
                () -> {
                  throw new IllegalStateException("boom");
                },
                null);

    assertThatThrownBy(barrier::await).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    assertThat(barrier.isBroken()).isTrue();
  }

  @Test
  void firstActionGiven_stays_andRunsEveryRound() throws Exception {
    Manager manager = server.connect();
    SharedBarrier barrier = manager.barrier("counted", 1, () -> TRIPS.incrementAndGet(), null);
    manager.barrier("counted", 1, () -> TRIPS.addAndGet(100), null);
    int before = TRIPS.get();

    assertThat(barrier.await()).isZero();
    assertThat(barrier.await()).isZero();

    assertThat(TRIPS.get()).isEqualTo(before + 2);
  }

  @Test
  void defaultTimeout_breaksAnAwaitWithoutItsOwn_asPythonsWaitDoes() throws Exception {
    SharedBarrier barrier = server.connect().barrier(2, null, Duration.ofMillis(100));
    SharedBarrier other = server.connect().barrier(barrier.name(), 2);

    assertThatThrownBy(other::await).isInstanceOf(BrokenBarrierException.class);
    assertThat(barrier.isBroken()).isTrue();
    assertThatThrownBy(() -> server.connect().barrier(2, null, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
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
