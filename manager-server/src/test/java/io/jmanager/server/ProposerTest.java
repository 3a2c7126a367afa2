package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.Message;
import io.jmanager.protocol.QueueOp;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ProposerTest {
  private final List<byte[]> written = new ArrayList<>();
  private final List<CompletableFuture<Object>> pending = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private final Proposer proposer =
      new Proposer(
          (number, entry) -> {
            written.add(entry);
            CompletableFuture<Object> done = new CompletableFuture<>();
            pending.add(done);
            return done;
          },
          failures::add,
          Clock.fixed(Instant.ofEpochSecond(1000), ZoneOffset.UTC));

  @Test
  void inputsThatArriveWhileEntriesAreBeingWritten_goOutTogetherInTheNext() {
    for (int i = 0; i < Proposer.MAX_IN_FLIGHT; i++) {
      proposer.open(i, false, new CompletableFuture<>());
    }
    assertThat(written).hasSize(Proposer.MAX_IN_FLIGHT);

    proposer.request(1, new Message.Request(5, 2, QueueOp.SIZE, new ArrayList<>()));
    proposer.about(Batch.Kind.CANCEL, 1, 5);
    proposer.close(1);
    assertThat(written).hasSize(Proposer.MAX_IN_FLIGHT);

    pending.get(0).complete(null);

    assertThat(written).hasSize(Proposer.MAX_IN_FLIGHT + 1);
    assertThat(inputs(written.get(Proposer.MAX_IN_FLIGHT))).isEqualTo(3);
  }

  @Test
  void entriesAreStampedWithTheClock_neverEarlierThanTheOneBefore() {
    proposer.open(1, false, new CompletableFuture<>());
    proposer.open(2, false, new CompletableFuture<>());
    pending.get(0).complete(null);
    proposer.open(3, false, new CompletableFuture<>());

    long first = Batch.time(ByteBuffer.wrap(written.get(0)));
    assertThat(first).isEqualTo(1000L * 1_000_000_000L);
    assertThat(Batch.time(ByteBuffer.wrap(written.get(1)))).isEqualTo(first + 1);
    assertThat(Batch.time(ByteBuffer.wrap(written.get(2)))).isEqualTo(first + 2);
  }

  @Test
  void anEntryThatCannotBeWritten_isReported_andTheNextStillGoesOut() {
    proposer.open(1, false, new CompletableFuture<>());
    proposer.open(2, false, new CompletableFuture<>());
    proposer.open(3, false, new CompletableFuture<>());

    pending.get(0).completeExceptionally(new IllegalStateException("disk full"));

    assertThat(failures).singleElement().hasFieldOrPropertyWithValue("message", "disk full");
    assertThat(written).hasSize(3);
  }

  @Test
  void anInputsEntry_isAppliedOnlyOnceItAndEveryEntryBeforeItAre() {
    long first = proposer.open(1, false, new CompletableFuture<>());
    long second = proposer.open(2, false, new CompletableFuture<>());
    long third = proposer.open(3, false, new CompletableFuture<>());
    assertThat(List.of(first, second, third)).containsExactly(1L, 2L, 3L);
    assertThat(proposer.close(3)).as("waits with the third").isEqualTo(third);

    pending.get(1).complete(null);
    assertThat(proposer.applied(second)).as("the first is not yet").isFalse();

    pending.get(0).complete(null);
    assertThat(proposer.applied(second)).isTrue();
    assertThat(proposer.applied(third)).isFalse();

    pending.get(2).completeExceptionally(new IllegalStateException("disk full"));
    assertThat(proposer.applied(third)).as("failed: nothing to wait for").isTrue();
  }

  @Test
  void anOpen_isAppliedEvenWhenItsEntryIsWrittenBeforeTheCallReturns() {
    Proposer immediate =
        new Proposer(
            (number, entry) -> CompletableFuture.completedFuture(null),
            failures::add,
            Clock.systemUTC());
    CompletableFuture<Void> first = new CompletableFuture<>();
    CompletableFuture<Void> second = new CompletableFuture<>();

    immediate.open(1, false, first);
    immediate.open(2, false, second);

    assertThat(first).isCompleted();
    assertThat(second).isCompleted();
  }

  @Test
  void anOpenThatWaitsForAnEntryInFlight_isAppliedWithItsOwnEntry() {
    CompletableFuture<Void> held = new CompletableFuture<>();
    proposer.open(1, false, new CompletableFuture<>());
    proposer.open(2, false, new CompletableFuture<>());
    long number = proposer.open(3, false, held);

    pending.get(0).complete(null);
    assertThat(held).as("its entry is only now written").isNotDone();
    pending.get(1).complete(null);
    pending.get(2).complete(null);

    assertThat(number).isEqualTo(3);
    assertThat(held).isCompleted();
  }

  @Test
  void aReadAfterAnEntryInFlight_runsWhenThatEntryIsApplied_andNotForAnEarlierOne() {
    long first = proposer.open(1, false, new CompletableFuture<>());
    long second = proposer.open(2, false, new CompletableFuture<>());
    List<String> ran = new ArrayList<>();
    proposer.afterApplied(second, () -> ran.add("after second"));
    proposer.afterApplied(first, () -> ran.add("after first"));

    proposer.entryApplied(first);
    assertThat(ran).containsExactly("after first");

    proposer.entryApplied(second);
    assertThat(ran).containsExactly("after first", "after second");
    assertThat(proposer.applied(second)).isTrue();
  }

  @Test
  void anEntryStillGatheringInputs_isNotWritten_untilItGoesOut() {
    for (int i = 0; i < Proposer.MAX_IN_FLIGHT; i++) {
      assertThat(proposer.written(proposer.open(i, false, new CompletableFuture<>()))).isTrue();
    }
    long gathering = proposer.close(1);
    assertThat(proposer.written(gathering)).isFalse();

    pending.get(0).complete(null);

    assertThat(proposer.written(gathering)).isTrue();
  }

  @Test
  void aReadAfterAnAppliedEntry_runsAtOnce_beforeItsEntryIsEvenReportedWritten() {
    long first = proposer.open(1, false, new CompletableFuture<>());
    proposer.entryApplied(first);
    List<String> ran = new ArrayList<>();

    proposer.afterApplied(first, () -> ran.add("read"));

    assertThat(ran).containsExactly("read");
    assertThat(pending.get(0)).as("the log has not answered yet").isNotDone();
  }

  @Test
  void aReadAfterAnEntryThatCannotBeWritten_runsWhenTheFailureIsHeard() {
    long first = proposer.open(1, false, new CompletableFuture<>());
    List<String> ran = new ArrayList<>();
    proposer.afterApplied(first, () -> ran.add("read"));

    pending.get(0).completeExceptionally(new IllegalStateException("not the leader"));

    assertThat(ran).containsExactly("read");
  }

  private static int inputs(byte[] entry) {
    return ByteBuffer.wrap(entry).getInt(8);
  }
}
