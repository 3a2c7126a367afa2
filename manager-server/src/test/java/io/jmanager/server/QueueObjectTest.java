package io.jmanager.server;

import static io.jmanager.server.Client.list;
import static io.jmanager.server.Client.text;
import static io.jmanager.server.Client.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.QueueOp;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueueObjectTest {
  private static final long FOREVER = -1;

  private final QueueObject queue = new QueueObject(1, "q", 0, false);
  private final QueueObject bounded = new QueueObject(2, "b", 1, false);
  private final Client a = Client.connected();
  private final Client b = Client.connected();

  @Test
  void offerAndPoll_areFirstInFirstOut() {
    a.send(queue, QueueOp.OFFER, value("x"));
    a.send(queue, QueueOp.OFFER, value("y"));
    a.answer();
    a.answer();

    assertThat(text(answer(a, QueueOp.PEEK))).isEqualTo("x");
    assertThat(text(answer(a, QueueOp.POLL))).isEqualTo("x");
    assertThat(answer(a, QueueOp.SIZE)).isEqualTo(1);
    assertThat(text(answer(a, QueueOp.POLL))).isEqualTo("y");
    assertThat(answer(a, QueueOp.POLL)).isNull();
  }

  @Test
  void pollWait_whenEmpty_parksUntilAnOfferHandsItTheItem() {
    a.send(queue, QueueOp.POLL_WAIT, FOREVER);
    assertThat(a.silent()).isTrue();
    assertThat(answer(b, QueueOp.WAITING_TAKERS)).isEqualTo(1);

    assertThat(answer(b, QueueOp.OFFER, value("x"))).isEqualTo(true);

    assertThat(text(a.answer())).isEqualTo("x");
    assertThat(answer(b, QueueOp.SIZE)).isEqualTo(0);
  }

  @Test
  void parkedTakers_areServedFirstComeFirstServed() {
    a.send(queue, QueueOp.POLL_WAIT, FOREVER);
    b.send(queue, QueueOp.POLL_WAIT, FOREVER);

    answer(Client.connected(), QueueOp.ADD_ALL, list(value("1"), value("2")));

    assertThat(text(a.answer())).isEqualTo("1");
    assertThat(text(b.answer())).isEqualTo("2");
  }

  @Test
  void pollWait_whenTheTimeoutPasses_answersNull_andTheNextItemStaysQueued() {
    a.send(queue, QueueOp.POLL_WAIT, TimeUnit.MILLISECONDS.toNanos(100));
    a.advance(99);
    assertThat(a.silent()).isTrue();

    a.advance(1);

    assertThat(a.answer()).isNull();
    answer(b, QueueOp.OFFER, value("x"));
    assertThat(answer(b, QueueOp.SIZE)).isEqualTo(1);
  }

  @Test
  void pollWait_withATimeoutTooLongToCount_waitsWithoutLimit() {
    a.send(queue, QueueOp.POLL_WAIT, Long.MAX_VALUE);
    b.send(queue, QueueOp.POLL_WAIT, Long.MAX_VALUE - 1);
    a.advance(TimeUnit.DAYS.toMillis(100 * 365));
    b.advance(TimeUnit.DAYS.toMillis(100 * 365));
    assertThat(a.silent()).isTrue();
    assertThat(b.silent()).isTrue();

    answer(Client.connected(), QueueOp.ADD_ALL, list(value("1"), value("2")));

    assertThat(text(a.answer())).isEqualTo("1");
    assertThat(text(b.answer())).isEqualTo("2");
  }

  @Test
  void offerWaitOnABoundedQueue_admitsTheParkedPutterWhenTheHeadIsTaken() {
    answer(a, bounded, QueueOp.OFFER, value("x"));
    b.send(bounded, QueueOp.OFFER_WAIT, value("y"), FOREVER);
    assertThat(b.silent()).isTrue();
    assertThat(answer(a, bounded, QueueOp.OFFER, value("z"))).isEqualTo(false);

    assertThat(text(answer(a, bounded, QueueOp.POLL))).isEqualTo("x");

    assertThat(b.answer()).isEqualTo(true);
    assertThat(decoded(answer(a, bounded, QueueOp.SNAPSHOT))).containsExactly("y");
  }

  @Test
  void offerWait_whenTheTimeoutPasses_answersFalse_andAddsNothing() {
    answer(a, bounded, QueueOp.OFFER, value("x"));
    b.send(bounded, QueueOp.OFFER_WAIT, value("y"), TimeUnit.SECONDS.toNanos(1));

    b.advance(1000);

    assertThat(b.answer()).isEqualTo(false);
    assertThat(decoded(answer(a, bounded, QueueOp.SNAPSHOT))).containsExactly("x");
  }

  @Test
  void cancel_failsTheParkedCall_andItNoLongerTakesItems() {
    Call parked = a.send(queue, QueueOp.POLL_WAIT, FOREVER);

    queue.cancel(a.session, parked.id());

    assertThat(a.failure()).isEqualTo(ErrorCode.CANCELLED);
    answer(b, QueueOp.OFFER, value("x"));
    assertThat(answer(b, QueueOp.SIZE)).isEqualTo(1);
    assertThat(a.session.parkedOn(parked.id())).isNull();
  }

  @Test
  void takerWhoseConnectionClosed_isSkipped_andTheItemGoesToTheNextTaker() {
    a.send(queue, QueueOp.POLL_WAIT, FOREVER);
    b.send(queue, QueueOp.POLL_WAIT, FOREVER);
    a.channel.close();

    answer(Client.connected(), QueueOp.OFFER, value("x"));

    assertThat(text(b.answer())).isEqualTo("x");
  }

  @Test
  void sessionClosed_dropsItsWaitersWithoutAnswering() {
    a.send(queue, QueueOp.POLL_WAIT, FOREVER);

    queue.sessionClosed(a.session);

    assertThat(answer(b, QueueOp.WAITING_TAKERS)).isEqualTo(0);
    assertThat(a.session.involvedObjects()).isEmpty();
  }

  @Test
  void itemWhoseAnswerCannotBeWritten_goesBackToTheHead() {
    Client vanishing = Client.failingWrites();
    vanishing.send(queue, QueueOp.POLL_WAIT, FOREVER);
    answer(a, QueueOp.OFFER, value("x"));
    answer(a, QueueOp.OFFER, value("y"));

    assertThat(decoded(answer(a, QueueOp.SNAPSHOT))).containsExactly("x", "y");
  }

  @Test
  void drainWhoseAnswerCannotBeWritten_putsEverythingBackInOrder() {
    answer(a, QueueOp.ADD_ALL, list(value("1"), value("2"), value("3")));

    Client.failingWrites().send(queue, QueueOp.DRAIN, 2);

    assertThat(decoded(answer(a, QueueOp.SNAPSHOT))).containsExactly("1", "2", "3");
  }

  @Test
  void close_failsEveryParkedCall() {
    a.send(queue, QueueOp.POLL_WAIT, FOREVER);
    b.send(bounded, QueueOp.OFFER, value("x"));
    b.answer();
    b.send(bounded, QueueOp.OFFER_WAIT, value("y"), FOREVER);

    queue.close(ErrorCode.NO_SUCH_OBJECT, "deleted");
    bounded.close(ErrorCode.SHUTTING_DOWN, "stopping");

    assertThat(a.failure()).isEqualTo(ErrorCode.NO_SUCH_OBJECT);
    assertThat(b.failure()).isEqualTo(ErrorCode.SHUTTING_DOWN);
  }

  @Test
  void addAll_thatDoesNotFit_addsNothing() {
    QueueObject two = new QueueObject(3, "two", 2, false);

    a.send(two, QueueOp.ADD_ALL, list(value("1"), value("2"), value("3")));

    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    assertThat(answer(a, two, QueueOp.SIZE)).isEqualTo(0);
    assertThat(answer(a, two, QueueOp.REMAINING_CAPACITY)).isEqualTo(2);
  }

  @Test
  void drain_takesFromTheHead_andAdmitsParkedPutters() {
    answer(a, bounded, QueueOp.OFFER, value("x"));
    b.send(bounded, QueueOp.OFFER_WAIT, value("y"), FOREVER);

    assertThat(decoded(answer(a, bounded, QueueOp.DRAIN, 5))).containsExactly("x");

    assertThat(b.answer()).isEqualTo(true);
    assertThat(decoded(answer(a, bounded, QueueOp.SNAPSHOT))).containsExactly("y");
  }

  @Test
  void removeContainsAndRetain_compareBytes() {
    answer(a, QueueOp.ADD_ALL, list(value("1"), value("2"), value("1"), value("3")));

    assertThat(answer(a, QueueOp.CONTAINS, value("2"))).isEqualTo(true);
    assertThat(answer(a, QueueOp.REMOVE, value("1"))).isEqualTo(true);
    assertThat(answer(a, QueueOp.RETAIN_ALL, list(value("1"), value("3")))).isEqualTo(true);
    assertThat(decoded(answer(a, QueueOp.SNAPSHOT))).containsExactly("1", "3");
    assertThat(answer(a, QueueOp.REMOVE_ALL, list(value("1")))).isEqualTo(true);
    answer(a, QueueOp.CLEAR);
    assertThat(answer(a, QueueOp.SIZE)).isEqualTo(0);
  }

  @Test
  void removeId_removesThatVeryItem_notTheFirstEqualOne() {
    answer(a, QueueOp.ADD_ALL, list(value("a"), value("b"), value("a")));
    List<?> pairs = (List<?>) answer(a, QueueOp.SNAPSHOT_IDS);
    Object thirdId = pairs.get(4);

    assertThat(answer(a, QueueOp.REMOVE_ID, thirdId)).isEqualTo(true);

    assertThat(decoded(answer(a, QueueOp.SNAPSHOT))).containsExactly("a", "b");
    assertThat(answer(a, QueueOp.REMOVE_ID, thirdId)).isEqualTo(false);
  }

  @Test
  void removeId_ofAnItemAlreadyTaken_removesNothing_evenWhenAnEqualOneIsQueued() {
    answer(a, QueueOp.ADD_ALL, list(value("a"), value("b"), value("a")));
    Object firstId = ((List<?>) answer(a, QueueOp.SNAPSHOT_IDS)).get(0);
    answer(b, QueueOp.POLL);

    assertThat(answer(a, QueueOp.REMOVE_ID, firstId)).isEqualTo(false);

    assertThat(decoded(answer(a, QueueOp.SNAPSHOT))).containsExactly("b", "a");
  }

  @Test
  void itemWhoseAnswerCannotBeWritten_keepsItsId_soTheIteratorThatSawItCanRemoveIt() {
    answer(a, QueueOp.OFFER, value("x"));
    answer(a, QueueOp.OFFER, value("x"));
    Object firstId = ((List<?>) answer(a, QueueOp.SNAPSHOT_IDS)).get(0);
    Client.failingWrites().send(queue, QueueOp.POLL);

    assertThat(((List<?>) answer(a, QueueOp.SNAPSHOT_IDS)).get(0)).isEqualTo(firstId);
    assertThat(answer(a, QueueOp.REMOVE_ID, firstId)).isEqualTo(true);
    assertThat(answer(a, QueueOp.SIZE)).isEqualTo(1);
  }

  @Test
  void removeId_onAFullQueue_admitsAParkedPutter() {
    answer(a, bounded, QueueOp.OFFER, value("x"));
    b.send(bounded, QueueOp.OFFER_WAIT, value("y"), FOREVER);
    Object id = ((List<?>) answer(a, bounded, QueueOp.SNAPSHOT_IDS)).get(0);

    assertThat(answer(a, bounded, QueueOp.REMOVE_ID, id)).isEqualTo(true);

    assertThat(b.answer()).isEqualTo(true);
    assertThat(decoded(answer(a, bounded, QueueOp.SNAPSHOT))).containsExactly("y");
  }

  @Test
  void shutdown_refusesNewItems_whileTakersDrainWhatIsLeft_thenGetTheFailure() {
    answer(a, QueueOp.ADD_ALL, list(value("1"), value("2")));

    assertThat(answer(a, QueueOp.SHUTDOWN, false)).isNull();

    assertThat(answer(a, QueueOp.IS_SHUT_DOWN)).isEqualTo(true);
    a.send(queue, QueueOp.OFFER, value("3"));
    a.send(queue, QueueOp.OFFER_WAIT, value("3"), FOREVER);
    a.send(queue, QueueOp.ADD_ALL, list());
    assertThat(List.of(a.failure(), a.failure(), a.failure()))
        .containsOnly(ErrorCode.QUEUE_SHUT_DOWN);
    assertThat(text(answer(b, QueueOp.POLL))).isEqualTo("1");
    assertThat(text(answer(b, QueueOp.POLL_WAIT, FOREVER))).isEqualTo("2");
    b.send(queue, QueueOp.POLL_WAIT, FOREVER);
    assertThat(b.failure()).isEqualTo(ErrorCode.QUEUE_SHUT_DOWN);
    b.send(queue, QueueOp.POLL);
    assertThat(b.failure()).isEqualTo(ErrorCode.QUEUE_SHUT_DOWN);
    assertThat(decoded(answer(b, QueueOp.DRAIN, 5))).isEmpty();
    assertThat(queue.heldBytes()).isZero();
  }

  @Test
  void shutdown_wakesParkedPutters_andGivesBackTheMemoryTheirItemsHeld() {
    answer(a, bounded, QueueOp.OFFER, value("x"));
    long oneItem = bounded.heldBytes();
    b.send(bounded, QueueOp.OFFER_WAIT, value("y"), FOREVER);
    Client other = Client.connected();
    other.send(bounded, QueueOp.OFFER_WAIT, value("z"), TimeUnit.SECONDS.toNanos(1));

    answer(a, bounded, QueueOp.SHUTDOWN, false);

    assertThat(b.failure()).isEqualTo(ErrorCode.QUEUE_SHUT_DOWN);
    assertThat(other.failure()).isEqualTo(ErrorCode.QUEUE_SHUT_DOWN);
    assertThat(bounded.heldBytes()).isEqualTo(oneItem);
    assertThat(decoded(answer(a, bounded, QueueOp.SNAPSHOT))).containsExactly("x");
  }

  @Test
  void shutdown_wakesTakersParkedOnAnEmptyQueue() {
    a.send(queue, QueueOp.POLL_WAIT, FOREVER);
    b.send(queue, QueueOp.POLL_WAIT, TimeUnit.SECONDS.toNanos(1));

    answer(Client.connected(), QueueOp.SHUTDOWN, false);

    assertThat(a.failure()).isEqualTo(ErrorCode.QUEUE_SHUT_DOWN);
    assertThat(b.failure()).isEqualTo(ErrorCode.QUEUE_SHUT_DOWN);
    assertThat(answer(a, QueueOp.WAITING_TAKERS)).isEqualTo(0);
  }

  @Test
  void immediateShutdown_discardsTheItemsLeft_soTakersFailAtOnce() {
    answer(a, QueueOp.ADD_ALL, list(value("1"), value("2")));

    answer(a, QueueOp.SHUTDOWN, true);

    assertThat(answer(a, QueueOp.SIZE)).isEqualTo(0);
    assertThat(queue.heldBytes()).isZero();
    b.send(queue, QueueOp.POLL_WAIT, FOREVER);
    assertThat(b.failure()).isEqualTo(ErrorCode.QUEUE_SHUT_DOWN);
    answer(a, QueueOp.SHUTDOWN, false);
    assertThat(answer(a, QueueOp.IS_SHUT_DOWN)).isEqualTo(true);
  }

  @Test
  void queueNotShutDown_saysSo() {
    assertThat(answer(a, QueueOp.IS_SHUT_DOWN)).isEqualTo(false);
  }

  @Test
  void argumentOfTheWrongType_isAnIllegalArgument() {
    a.send(queue, QueueOp.OFFER, "not bytes");
    a.send(queue, QueueOp.POLL_WAIT);

    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
  }

  private Object answer(Client client, QueueOp op, Object... args) {
    return answer(client, queue, op, args);
  }

  private static Object answer(Client client, QueueObject target, QueueOp op, Object... args) {
    client.send(target, op, args);
    return client.answer();
  }

  private static List<String> decoded(Object items) {
    return ((List<?>) items).stream().map(Client::text).toList();
  }
}
