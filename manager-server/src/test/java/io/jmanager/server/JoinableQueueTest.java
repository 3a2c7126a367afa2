package io.jmanager.server;

import static io.jmanager.server.Client.list;
import static io.jmanager.server.Client.text;
import static io.jmanager.server.Client.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.QueueOp;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JoinableQueueTest {
  private static final long FOREVER = -1;

  private final QueueObject queue = new QueueObject(1, "jq", 0, true);
  private final Client producer = Client.connected();
  private final Client consumer = Client.connected();

  @Test
  void join_returnsOnlyWhenEveryItemPutWasMarkedDone() {
    answer(producer, QueueOp.ADD_ALL, list(value("1"), value("2")));
    producer.send(queue, QueueOp.JOIN, FOREVER);
    answer(consumer, QueueOp.POLL);
    answer(consumer, QueueOp.POLL);

    answer(consumer, QueueOp.TASK_DONE);
    assertThat(producer.silent()).isTrue();
    assertThat(answer(consumer, QueueOp.UNFINISHED)).isEqualTo(1);
    answer(consumer, QueueOp.TASK_DONE);

    assertThat(producer.answer()).isEqualTo(true);
  }

  @Test
  void join_whenNothingIsUnfinished_returnsAtOnce_andTimesOutOtherwise() {
    assertThat(answer(producer, QueueOp.JOIN, FOREVER)).isEqualTo(true);
    answer(producer, QueueOp.OFFER, value("x"));

    producer.send(queue, QueueOp.JOIN, TimeUnit.MILLISECONDS.toNanos(10));
    producer.advance(10);

    assertThat(producer.answer()).isEqualTo(false);
  }

  @Test
  void taskDoneMoreOftenThanItemsWerePut_isAnIllegalState() {
    consumer.send(queue, QueueOp.TASK_DONE);

    assertThat(consumer.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
  }

  @Test
  void plainQueue_refusesTaskOps() {
    QueueObject plain = new QueueObject(2, "plain", 0, false);

    consumer.send(plain, QueueOp.TASK_DONE);

    assertThat(consumer.failure()).isEqualTo(ErrorCode.WRONG_TYPE);
  }

  @Test
  void consumerClosedBeforeTaskDone_getsItsItemsPutBackAtTheHead_forTheNextConsumer() {
    answer(producer, QueueOp.ADD_ALL, list(value("1"), value("2"), value("3")));
    answer(consumer, QueueOp.DRAIN, 2);
    answer(consumer, QueueOp.TASK_DONE);
    producer.send(queue, QueueOp.JOIN, FOREVER);

    consumer.channel.close();
    queue.sessionClosed(consumer.session);

    Client next = Client.connected();
    assertThat(text(answer(next, QueueOp.POLL))).isEqualTo("2");
    assertThat(answer(next, QueueOp.UNFINISHED)).isEqualTo(2);
    answer(next, QueueOp.TASK_DONE);
    answer(next, QueueOp.POLL);
    answer(next, QueueOp.TASK_DONE);
    assertThat(producer.answer()).isEqualTo(true);
    assertThat(consumer.session.involvedObjects()).isEmpty();
  }

  @Test
  void taskDoneFromAnotherClient_settlesTheTakersItem_soItsDisconnectReturnsNothing() {
    answer(producer, QueueOp.OFFER, value("x"));
    answer(consumer, QueueOp.POLL);

    answer(producer, QueueOp.TASK_DONE);
    queue.sessionClosed(consumer.session);

    assertThat(answer(producer, QueueOp.SIZE)).isEqualTo(0);
    assertThat(answer(producer, QueueOp.JOIN, 0L)).isEqualTo(true);
  }

  @Test
  void immediateShutdown_countsTheDiscardedItemsDone_soJoinWaitsOnlyForTheItemsTaken() {
    answer(producer, QueueOp.ADD_ALL, list(value("1"), value("2"), value("3")));
    answer(consumer, QueueOp.POLL);
    producer.send(queue, QueueOp.JOIN, FOREVER);

    answer(producer, QueueOp.SHUTDOWN, true);

    assertThat(producer.silent()).isTrue();
    assertThat(answer(consumer, QueueOp.UNFINISHED)).isEqualTo(1);
    answer(consumer, QueueOp.TASK_DONE);
    assertThat(producer.answer()).isEqualTo(true);
    assertThat(queue.heldBytes()).isZero();
  }

  @Test
  void immediateShutdown_wakesJoinersWhenNothingWasTaken() {
    answer(producer, QueueOp.ADD_ALL, list(value("1"), value("2")));
    producer.send(queue, QueueOp.JOIN, FOREVER);

    answer(consumer, QueueOp.SHUTDOWN, true);

    assertThat(producer.answer()).isEqualTo(true);
  }

  @Test
  void afterAnImmediateShutdown_itemsOfAConsumerThatClosed_areDiscardedAndDone() {
    answer(producer, QueueOp.ADD_ALL, list(value("1"), value("2")));
    answer(consumer, QueueOp.POLL);
    answer(producer, QueueOp.SHUTDOWN, true);
    producer.send(queue, QueueOp.JOIN, FOREVER);

    consumer.channel.close();
    queue.sessionClosed(consumer.session);

    assertThat(producer.answer()).isEqualTo(true);
    assertThat(answer(producer, QueueOp.SIZE)).isEqualTo(0);
    assertThat(queue.heldBytes()).isZero();
    assertThat(consumer.session.involvedObjects()).isEmpty();
  }

  @Test
  void afterAPlainShutdown_itemsOfAConsumerThatClosed_comeBackForTheOthers() {
    answer(producer, QueueOp.OFFER, value("x"));
    answer(consumer, QueueOp.POLL);
    answer(producer, QueueOp.SHUTDOWN, false);

    consumer.channel.close();
    queue.sessionClosed(consumer.session);

    assertThat(text(answer(producer, QueueOp.POLL))).isEqualTo("x");
  }

  private Object answer(Client client, QueueOp op, Object... args) {
    client.send(queue, op, args);
    return client.answer();
  }
}
