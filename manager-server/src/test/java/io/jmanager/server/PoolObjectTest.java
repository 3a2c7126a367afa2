package io.jmanager.server;

import static io.jmanager.server.Client.list;
import static io.jmanager.server.Client.text;
import static io.jmanager.server.Client.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.PoolOp;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolObjectTest {
  private static final long FOREVER = -1;
  private static final long HANDLE = 7;

  private final PoolObject pool = new PoolObject(1, "pool");
  private final Client submitter = Client.connected();
  private final Client worker = Client.connected();

  @Test
  void aWorkerWithNoRoomToPark_stillParksTheTakeThatDeliversItsResult() {
    Client limited = Client.parkingAtMost(0);
    submit(submitter, 3, 10L, value("task"));
    join(limited, null);
    List<Object> task = take(limited, -1, 0, null);
    submitter.send(pool, PoolOp.RESULTS, HANDLE, FOREVER);

    limited.send(pool, PoolOp.TAKE, task.get(0), PoolOp.DONE, value("result"), FOREVER);

    assertThat(text(items(submitter.answer()).get(2))).isEqualTo("result");
    assertThat(limited.silent()).as("parked, not refused as busy").isTrue();
  }

  @Test
  void task_goesFromSubmitterToWorker_andItsResultBack() {
    submit(submitter, 3, 10L, value("task"));
    join(worker, null);
    List<Object> task = take(worker, -1, 0, null);
    assertThat(text(task.get(1))).isEqualTo("task");

    submitter.send(pool, PoolOp.RESULTS, HANDLE, FOREVER);
    assertThat(submitter.silent()).isTrue();
    worker.send(pool, PoolOp.TAKE, task.get(0), PoolOp.DONE, value("result"), FOREVER);

    List<Object> results = items(submitter.answer());
    assertThat(results.subList(0, 2)).containsExactly(10L, PoolOp.DONE);
    assertThat(text(results.get(2))).isEqualTo("result");
    assertThat(worker.silent()).isTrue();
  }

  @Test
  void parkedWorkers_getTasksInSubmissionOrder_firstWorkerFirst() {
    Client second = Client.connected();
    join(worker, null);
    join(second, null);
    worker.send(pool, PoolOp.TAKE, -1L, 0, null, FOREVER);
    second.send(pool, PoolOp.TAKE, -1L, 0, null, FOREVER);

    submit(submitter, 3, 1L, value("a"), 2L, value("b"), 3L, value("c"));

    assertThat(text((items(worker.answer())).get(1))).isEqualTo("a");
    assertThat(text((items(second.answer())).get(1))).isEqualTo("b");
    assertThat(stats()).containsExactly(1, 2, 2, 0);
  }

  @Test
  void workerDyingMidTask_hasItsTaskRunAgainElsewhere_withOneResult() {
    join(worker, null);
    submit(submitter, 3, 1L, value("a"));
    take(worker, -1, 0, null);

    close(worker);
    Client next = Client.connected();
    join(next, null);
    List<Object> again = take(next, -1, 0, null);
    assertThat(text(again.get(1))).isEqualTo("a");
    next.send(pool, PoolOp.TAKE, again.get(0), PoolOp.DONE, value("r"), FOREVER);

    List<Object> results = results(submitter);
    assertThat(results).hasSize(3);
    assertThat(results.get(0)).isEqualTo(1L);
    assertThat(results(submitter, 0)).isEmpty();
    assertThat(worker.session.involvedObjects()).isEmpty();
  }

  @Test
  void taskWhoseWorkersDieMaxAttemptsTimes_isReportedLost() {
    submit(submitter, 2, 1L, value("poison"));
    for (int attempt = 0; attempt < 2; attempt++) {
      Client doomed = Client.connected();
      join(doomed, null);
      take(doomed, -1, 0, null);
      close(doomed);
    }

    List<Object> results = results(submitter);
    assertThat(results.subList(0, 2)).containsExactly(1L, PoolOp.LOST);
    assertThat((String) results.get(2)).contains("died 2 times");
    assertThat(stats()).containsExactly(0, 0, 0, 0);
  }

  @Test
  void handingOutThatCannotBeWritten_givesTheTaskToTheNextWorker_withoutCountingAnAttempt() {
    Client vanished = Client.failingWrites();
    vanished.send(pool, PoolOp.JOIN, (Object) null);
    vanished.send(pool, PoolOp.TAKE, -1L, 0, null, FOREVER);

    submit(submitter, 1, 1L, value("a"));
    join(worker, null);

    assertThat(text(take(worker, -1, 0, null).get(1))).isEqualTo("a");
  }

  @Test
  void answerForATaskTheWorkerDoesNotRun_isRefused() {
    join(worker, null);

    worker.send(pool, PoolOp.TAKE, 99L, PoolOp.DONE, value("forged"), FOREVER);

    assertThat(worker.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
  }

  @Test
  void takeBeforeJoin_andJoinWithAnUnknownTag_areRefused() {
    worker.send(pool, PoolOp.TAKE, -1L, 0, null, FOREVER);
    assertThat(worker.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);

    worker.send(pool, PoolOp.JOIN, "nobody's");
    assertThat(worker.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
  }

  @Test
  void duplicateOrMalformedSubmissions_areRefused_andQueueNothing() {
    submitter.send(pool, PoolOp.SUBMIT, HANDLE, 1, list(1L, value("a"), 1L, value("b")));
    assertThat(submitter.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
    submitter.send(pool, PoolOp.SUBMIT, HANDLE, 1, list(1L));
    assertThat(submitter.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
    submitter.send(pool, PoolOp.SUBMIT, HANDLE, 0, list(1L, value("a")));
    assertThat(submitter.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);

    assertThat(stats()).containsExactly(0, 0, 0, 0);
  }

  @Test
  void submitterClosing_dropsItsQueuedTasks_andDiscardsItsRunningTasksResults() {
    join(worker, null);
    submit(submitter, 1, 1L, value("running"), 2L, value("queued"));
    List<Object> running = take(worker, -1, 0, null);

    close(submitter);
    worker.send(pool, PoolOp.TAKE, running.get(0), PoolOp.DONE, value("r"), FOREVER);

    assertThat(worker.silent()).isTrue();
    assertThat(stats()).containsExactly(0, 0, 1, 1);
    assertThat(submitter.session.involvedObjects()).isEmpty();
  }

  @Test
  void cancel_removesQueuedTasks_andDiscardsRunningResults_ofThatHandleOnly() {
    join(worker, null);
    submit(submitter, 1, 1L, value("running"), 2L, value("queued"), 3L, value("kept"));
    List<Object> running = take(worker, -1, 0, null);

    submitter.send(pool, PoolOp.CANCEL, HANDLE, list(1L, 2L));
    assertThat(submitter.answer()).isEqualTo(2);

    List<Object> next = take(worker, (Long) running.get(0), PoolOp.DONE, value("dropped"));
    assertThat(text(next.get(1))).isEqualTo("kept");
    take(worker, (Long) next.get(0), PoolOp.DONE, value("r3"), 0);
    assertThat(results(submitter).get(0)).isEqualTo(3L);
  }

  @Test
  void retire_dismissesIdleTaggedWorkersAtOnce_busyOnesAfterTheirTask_untaggedNever() {
    configure(submitter, "t1", null, 0);
    Client idle = Client.connected();
    Client untagged = Client.connected();
    join(worker, "t1");
    join(idle, "t1");
    join(untagged, null);
    worker.send(pool, PoolOp.TAKE, -1L, 0, null, FOREVER);
    submit(submitter, 1, 1L, value("a"));
    List<Object> task = items(worker.answer());
    idle.send(pool, PoolOp.TAKE, -1L, 0, null, FOREVER);
    untagged.send(pool, PoolOp.TAKE, -1L, 0, null, FOREVER);

    submitter.send(pool, PoolOp.RETIRE, "t1");

    assertThat(submitter.answer()).isEqualTo(1);
    assertThat(idle.answer()).isNull();
    worker.send(pool, PoolOp.TAKE, task.get(0), PoolOp.DONE, value("r"), FOREVER);
    assertThat(worker.answer()).isNull();
    assertThat(untagged.silent()).isTrue();
    assertThat(stats()).containsExactly(0, 0, 1, 1);
  }

  @Test
  void configureOwnerClosing_retiresItsWorkers() {
    configure(submitter, "t1", null, 0);
    join(worker, "t1");
    worker.send(pool, PoolOp.TAKE, -1L, 0, null, FOREVER);

    close(submitter);

    assertThat(worker.answer()).isNull();
    assertThat(submitter.session.involvedObjects()).isEmpty();
  }

  @Test
  void taggedWorker_takesOnlyItsHandlesTasks_thoughAnotherHandleOfTheNameQueuedFirst() {
    Client other = Client.connected();
    configure(submitter, "mine", null, 0);
    configure(other, "theirs", null, 0);
    join(worker, "mine");
    worker.send(pool, PoolOp.TAKE, -1L, 0, null, FOREVER);

    submit(other, 1, 1L, value("theirs"));
    assertThat(worker.silent()).isTrue();
    submit(submitter, 1, 1L, value("mine"));

    assertThat(text(items(worker.answer()).get(1))).isEqualTo("mine");
    Client theirWorker = Client.connected();
    join(theirWorker, "theirs");
    assertThat(text(take(theirWorker, -1, 0, null).get(1))).isEqualTo("theirs");
  }

  @Test
  void taggedWorkerLost_hasItsTaskRunAgainOnlyByAWorkerOfTheSameHandle() {
    Client other = Client.connected();
    configure(submitter, "mine", null, 0);
    configure(other, "theirs", null, 0);
    Client theirWorker = Client.connected();
    join(theirWorker, "theirs");
    theirWorker.send(pool, PoolOp.TAKE, -1L, 0, null, FOREVER);
    join(worker, "mine");
    submit(submitter, 3, 1L, value("mine"));
    take(worker, -1, 0, null);

    close(worker);

    assertThat(theirWorker.silent()).isTrue();
    Client replacement = Client.connected();
    join(replacement, "mine");
    assertThat(text(take(replacement, -1, 0, null).get(1))).isEqualTo("mine");
  }

  @Test
  void workerStartedByHand_takesTheOldestTaskOfAnyHandle() {
    Client other = Client.connected();
    submit(other, 1, 1L, value("first"));
    submit(submitter, 1, 1L, value("second"));
    submit(other, 1, 2L, value("third"));
    join(worker, null);

    List<Object> first = take(worker, -1, 0, null);
    List<Object> second = take(worker, (Long) first.get(0), PoolOp.DONE, value("r"));
    List<Object> third = take(worker, (Long) second.get(0), PoolOp.DONE, value("r"));

    assertThat(List.of(first, second, third))
        .extracting(task -> text(task.get(1)))
        .containsExactly("first", "second", "third");
  }

  @Test
  void join_getsItsTagsInitializerAndRecyclingLimit() {
    configure(submitter, "t1", value("init"), 5);

    List<Object> settings = join(worker, "t1");

    assertThat(text(settings.get(0))).isEqualTo("init");
    assertThat(settings.get(1)).isEqualTo(5);
  }

  @Test
  void aTagBelongsToOneHandle() {
    configure(submitter, "t1", null, 0);

    Client other = Client.connected();
    other.send(pool, PoolOp.CONFIGURE, HANDLE, "t1", null, 0);

    assertThat(other.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
  }

  @Test
  void brokenInitializer_isReportedToTheTagsHandle() {
    configure(submitter, "t1", value("init"), 0);
    join(worker, "t1");

    worker.send(pool, PoolOp.BROKEN, value("boom"));
    worker.answer();

    List<Object> results = results(submitter);
    assertThat(results.subList(0, 2)).containsExactly(PoolOp.BROKEN_TASK, PoolOp.FAILED);
    assertThat(text(results.get(2))).isEqualTo("boom");
  }

  @Test
  void leave_answersTheLastTask_andUnregistersTheWorker() {
    join(worker, null);
    submit(submitter, 1, 1L, value("a"));
    List<Object> task = take(worker, -1, 0, null);

    worker.send(pool, PoolOp.LEAVE, task.get(0), PoolOp.FAILED, value("failure"));
    worker.answer();

    assertThat(results(submitter).subList(0, 2)).containsExactly(1L, PoolOp.FAILED);
    assertThat(stats()).containsExactly(0, 0, 0, 0);
    assertThat(worker.session.involvedObjects()).isEmpty();
  }

  @Test
  void manyResults_comeInAnswersOfBoundedSize() {
    join(worker, null);
    int count = PoolObject.MAX_RESULTS_PER_ANSWER + 1;
    for (long id = 0; id < count; id++) {
      submit(submitter, 1, id, value("t"));
    }
    long previous = -1;
    for (int i = 0; i < count; i++) {
      previous = (Long) take(worker, previous, PoolOp.DONE, value("r")).get(0);
    }
    worker.send(pool, PoolOp.LEAVE, previous, PoolOp.DONE, value("r"));

    assertThat(results(submitter)).hasSize(3 * PoolObject.MAX_RESULTS_PER_ANSWER);
    assertThat(results(submitter)).hasSize(3);
  }

  @Test
  void results_parkedUntilTheTimeout_answerEmpty() {
    submitter.send(pool, PoolOp.RESULTS, HANDLE, 5_000_000L);
    submitter.advance(5);

    assertThat(items(submitter.answer())).isEmpty();
  }

  private void submit(Client client, int maxAttempts, Object... idsAndPayloads) {
    client.send(pool, PoolOp.SUBMIT, HANDLE, maxAttempts, list(idsAndPayloads));
    assertThat(client.answer()).isNull();
  }

  private void configure(Client client, String tag, byte[] initializer, int maxTasks) {
    client.send(pool, PoolOp.CONFIGURE, HANDLE, tag, initializer, maxTasks);
    assertThat(client.answer()).isNull();
  }

  private List<Object> join(Client client, String tag) {
    client.send(pool, PoolOp.JOIN, tag);
    return items(client.answer());
  }

  private List<Object> take(Client client, long done, int status, byte[] detail) {
    return take(client, done, status, detail, FOREVER);
  }

  private List<Object> take(Client client, long done, int status, byte[] detail, long timeout) {
    client.send(pool, PoolOp.TAKE, done, status, detail, timeout);
    return items(client.answer());
  }

  private List<Object> results(Client client) {
    return results(client, FOREVER);
  }

  private List<Object> results(Client client, long timeout) {
    client.send(pool, PoolOp.RESULTS, HANDLE, timeout);
    return items(client.answer());
  }

  private List<Object> stats() {
    Client observer = Client.connected();
    observer.send(pool, PoolOp.STATS);
    return items(observer.answer());
  }

  @SuppressWarnings("unchecked")
  private static List<Object> items(Object reply) {
    return (List<Object>) reply;
  }

  private void close(Client client) {
    client.channel.close();
    pool.sessionClosed(client.session);
  }
}
