package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReadBarrierTest {
  private final List<CompletableFuture<Object>> rounds = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private final List<String> done = new ArrayList<>();
  private final ReadBarrier barrier =
      new ReadBarrier(
          () -> {
            CompletableFuture<Object> round = new CompletableFuture<>();
            rounds.add(round);
            return round;
          },
          failures::add);

  @Test
  void aRead_runsOnlyOnceARoundStartedAfterIt_hasConfirmed() {
    barrier.then(() -> done.add("a"));
    assertThat(rounds).hasSize(1);
    barrier.then(() -> done.add("b"));
    barrier.then(() -> done.add("c"));
    assertThat(rounds).hasSize(1);

    rounds.get(0).complete(null);

    assertThat(done).containsExactly("a");
    assertThat(rounds).hasSize(2);
    rounds.get(1).complete(null);
    assertThat(done).containsExactly("a", "b", "c");
    assertThat(rounds).hasSize(2);
  }

  @Test
  void aFailedRound_runsNoneOfItsReads_andSaysWhy() {
    barrier.then(() -> done.add("a"));
    IllegalStateException notLeader = new IllegalStateException("not the leader");

    rounds.get(0).completeExceptionally(notLeader);

    assertThat(done).isEmpty();
    assertThat(failures).containsExactly(notLeader);
    barrier.then(() -> done.add("b"));
    rounds.get(1).complete(null);
    assertThat(done).containsExactly("b");
  }
}
