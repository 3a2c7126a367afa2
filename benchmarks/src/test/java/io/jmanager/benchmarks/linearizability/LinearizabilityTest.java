package io.jmanager.benchmarks.linearizability;

import static io.jmanager.benchmarks.linearizability.Operation.pending;
import static io.jmanager.benchmarks.linearizability.Operation.returned;
import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.benchmarks.linearizability.QueueModel.Input;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearizabilityTest {
  private static final RegisterModel REGISTER = new RegisterModel();
  private static final QueueModel QUEUE = new QueueModel();

  private static Operation<RegisterModel.Input, Object> read(
      int client, Object value, long call, long ret) {
    return returned(client, RegisterModel.Input.read("x"), value, call, ret);
  }

  private static Operation<RegisterModel.Input, Object> write(
      int client, long value, long call, long ret) {
    return returned(client, RegisterModel.Input.write("x", value), null, call, ret);
  }

  private static Operation<Input, Object> offer(int client, long item, long call, long ret) {
    return returned(client, Input.offer("q", item), true, call, ret);
  }

  private static Operation<Input, Object> poll(int client, Long item, long call, long ret) {
    return returned(client, Input.poll("q"), item, call, ret);
  }

  @Test
  void register_readAfterWrite_seesTheWrite() {
    var result = Linearizability.check(REGISTER, List.of(write(1, 5, 0, 10), read(2, 5L, 20, 30)));

    assertThat(result.linearizable()).isTrue();
    assertThat(result.operations()).isEqualTo(2);
  }

  @Test
  void register_readOverlappingAWrite_maySeeTheOldOrTheNewValue() {
    assertThat(check(List.of(write(1, 5, 0, 100), read(2, 0L, 10, 20), read(3, 5L, 30, 40))))
        .isTrue();
  }

  @Test
  void register_staleReadAfterAWriteReturned_isAViolation() {
    var result = Linearizability.check(REGISTER, List.of(write(1, 5, 0, 10), read(2, 0L, 20, 30)));

    assertThat(result.violations()).singleElement().asString().startsWith("x: ");
  }

  @Test
  void register_lostWrite_isAViolation() {
    assertThat(check(List.of(write(1, 1, 0, 10), write(2, 2, 20, 30), read(3, 1L, 40, 50))))
        .isFalse();
  }

  @Test
  void register_newThenOldValueBySequentialReadsDuringOneWrite_isAViolation() {
    assertThat(check(List.of(write(1, 7, 0, 100), read(2, 7L, 10, 20), read(2, 0L, 30, 40))))
        .isFalse();
  }

  @Test
  void register_readOfAValueNeverWritten_isAViolation() {
    assertThat(check(List.of(write(1, 7, 0, 10), read(2, 8L, 0, 20)))).isFalse();
  }

  @Test
  void register_swapAnswersWhatItReplaced() {
    var swap = RegisterModel.Input.swap("x", 9);

    assertThat(
            check(List.of(write(1, 4, 0, 10), returned(2, swap, 4L, 20, 30), read(3, 9L, 40, 50))))
        .isTrue();
    assertThat(check(List.of(write(1, 4, 0, 10), returned(2, swap, 0L, 20, 30)))).isFalse();
  }

  @Test
  void register_twoCasFromTheSameValueBothSucceeding_isAViolation() {
    var first = RegisterModel.Input.cas("x", 0, 1);
    var second = RegisterModel.Input.cas("x", 0, 2);

    assertThat(check(List.of(returned(1, first, true, 0, 10), returned(2, second, false, 5, 15))))
        .isTrue();
    assertThat(check(List.of(returned(1, first, true, 0, 10), returned(2, second, true, 5, 15))))
        .isFalse();
  }

  @Test
  void register_pendingWrite_mayBeSeenOrNot_butNotUndone() {
    var lost = pending(1, RegisterModel.Input.write("x", 3), 0);

    assertThat(check(List.of(lost, read(2, 3L, 10, 20)))).isTrue();
    assertThat(check(List.of(lost, read(2, 0L, 10, 20)))).isTrue();
    assertThat(check(List.of(lost, read(2, 3L, 10, 20), read(2, 0L, 30, 40)))).isFalse();
  }

  @Test
  void register_partitionsAreCheckedApart_andTheViolationNamesItsKey() {
    var y = RegisterModel.Input.read("y");
    var result =
        Linearizability.check(
            REGISTER, List.of(write(1, 1, 0, 10), read(2, 1L, 20, 30), returned(3, y, 1L, 40, 50)));

    assertThat(result.partitions()).isEqualTo(2);
    assertThat(result.violations()).singleElement().asString().startsWith("y: ");
  }

  @Test
  void queue_itemsComeOutInTheOrderTheyWentIn() {
    assertThat(
            checkQueue(
                List.of(
                    offer(1, 1, 0, 10),
                    offer(1, 2, 20, 30),
                    poll(2, 1L, 40, 50),
                    poll(2, 2L, 60, 70))))
        .isTrue();
  }

  @Test
  void queue_fifoOrderBroken_isAViolation() {
    assertThat(
            checkQueue(
                List.of(
                    offer(1, 1, 0, 10),
                    offer(1, 2, 20, 30),
                    poll(2, 2L, 40, 50),
                    poll(2, 1L, 60, 70))))
        .isFalse();
  }

  @Test
  void queue_concurrentOffers_mayComeOutInEitherOrder() {
    assertThat(
            checkQueue(
                List.of(
                    offer(1, 1, 0, 30),
                    offer(2, 2, 0, 30),
                    poll(3, 2L, 40, 50),
                    poll(3, 1L, 60, 70))))
        .isTrue();
  }

  @Test
  void queue_itemTakenTwice_isAViolation() {
    assertThat(checkQueue(List.of(offer(1, 1, 0, 10), poll(2, 1L, 20, 30), poll(3, 1L, 20, 30))))
        .isFalse();
  }

  @Test
  void queue_emptyPollWhileAnItemIsSurelyIn_isAViolation() {
    assertThat(checkQueue(List.of(offer(1, 1, 0, 10), poll(2, null, 20, 30)))).isFalse();
    assertThat(checkQueue(List.of(offer(1, 1, 0, 30), poll(2, null, 20, 40)))).isTrue();
  }

  @Test
  void queue_pendingPollMayHaveTakenTheHead_butOnlyOnce() {
    var lostPoll = pending(3, Input.poll("q"), 15);

    assertThat(checkQueue(List.of(offer(1, 1, 0, 10), lostPoll, poll(2, null, 20, 30)))).isTrue();
    assertThat(checkQueue(List.of(offer(1, 1, 0, 10), lostPoll, poll(2, 1L, 20, 30)))).isTrue();
    assertThat(
            checkQueue(
                List.of(offer(1, 1, 0, 10), offer(1, 2, 11, 12), lostPoll, poll(2, null, 20, 30))))
        .isFalse();
  }

  @Test
  void budget_exhausted_isUndecided_notLinearizable() {
    var result =
        Linearizability.check(REGISTER, List.of(write(1, 5, 0, 10), read(2, 5L, 20, 30)), 1);

    assertThat(result.undecided()).hasSize(1);
    assertThat(result.linearizable()).isFalse();
  }

  @Test
  void register_historyOfRealThreads_isLinearizable_untilOneReadIsFalsified() throws Exception {
    List<Operation<RegisterModel.Input, Object>> history = RealHistories.register(6, 2_000);

    assertThat(Linearizability.check(REGISTER, history).linearizable()).isTrue();

    int victim = RealHistories.firstRead(history, history.size() / 2);
    Operation<RegisterModel.Input, Object> read = history.get(victim);
    history.set(victim, returned(read.client(), read.input(), -1L, read.call(), read.ret()));
    assertThat(Linearizability.check(REGISTER, history).violations()).hasSize(1);
  }

  @Test
  void queue_historyOfRealThreads_isLinearizable_untilOneItemIsPolledTwice() throws Exception {
    List<Operation<Input, Object>> history = RealHistories.queue(4, 1_000);

    assertThat(Linearizability.check(QUEUE, history).linearizable()).isTrue();

    Operation<Input, Object> taken = RealHistories.firstPollOfAnItem(history);
    history.add(returned(99, taken.input(), taken.output(), taken.ret() + 1, taken.ret() + 2));
    assertThat(Linearizability.check(QUEUE, history).violations()).hasSize(1);
  }

  private static boolean check(List<Operation<RegisterModel.Input, Object>> ops) {
    return Linearizability.check(REGISTER, ops).linearizable();
  }

  private static boolean checkQueue(List<Operation<Input, Object>> ops) {
    return Linearizability.check(QUEUE, ops).linearizable();
  }
}
