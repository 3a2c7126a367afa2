package io.jmanager.server;

import static io.jmanager.server.Client.text;
import static io.jmanager.server.Client.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.PipeOp;
import org.junit.jupiter.api.Test;

class PipeObjectTest {
  private static final long FOREVER = -1;

  private final PipeObject pipe = new PipeObject(1, "p", true);
  private final Client a = holding(0);
  private final Client b = holding(1);

  @Test
  void whatOneEndSends_theOtherReceivesInOrder_inBothDirections() {
    answer(a, PipeOp.SEND, 0, value("x"));
    answer(a, PipeOp.SEND, 0, value("y"));
    answer(b, PipeOp.SEND, 1, value("back"));

    assertThat(text(answer(b, PipeOp.RECV, 1, FOREVER))).isEqualTo("x");
    assertThat(text(answer(b, PipeOp.RECV, 1, FOREVER))).isEqualTo("y");
    assertThat(text(answer(a, PipeOp.RECV, 0, FOREVER))).isEqualTo("back");
  }

  @Test
  void recv_parksUntilSomethingIsSent_andPollReportsIt() {
    b.send(pipe, PipeOp.RECV, 1, FOREVER);
    Client poller = holding(0);
    poller.send(pipe, PipeOp.POLL, 0, FOREVER);

    answer(a, PipeOp.SEND, 0, value("x"));
    assertThat(text(b.answer())).isEqualTo("x");
    answer(b, PipeOp.SEND, 1, value("y"));

    assertThat(poller.answer()).isEqualTo(true);
    assertThat(answer(b, PipeOp.POLL, 1, 0L)).isEqualTo(false);
  }

  @Test
  void closedEnd_letsTheOtherDrainThenSeeTheEndOfTheStream() {
    answer(a, PipeOp.SEND, 0, value("last"));
    answer(a, PipeOp.CLOSE, 0);

    assertThat(text(answer(b, PipeOp.RECV, 1, FOREVER))).isEqualTo("last");
    assertThat(answer(b, PipeOp.RECV, 1, FOREVER)).isEqualTo(PipeOp.END_OF_STREAM);
    b.send(pipe, PipeOp.SEND, 1, value("nobody"));
    assertThat(b.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
  }

  @Test
  void closingAnEnd_wakesTheOtherEndsReceiverWithTheEndOfTheStream() {
    b.send(pipe, PipeOp.RECV, 1, FOREVER);

    answer(a, PipeOp.CLOSE, 0);

    assertThat(b.answer()).isEqualTo(PipeOp.END_OF_STREAM);
  }

  @Test
  void closeByOneSession_releasesOnlyItsHold_theEndClosesWhenTheLastHolderCloses() {
    Client other = holding(0);
    answer(a, PipeOp.CLOSE, 0);
    answer(a, PipeOp.CLOSE, 0);

    answer(other, PipeOp.SEND, 0, value("still open"));
    assertThat(text(answer(b, PipeOp.RECV, 1, FOREVER))).isEqualTo("still open");
    assertThat(answer(b, PipeOp.RECV, 1, 0L)).isNull();
    a.send(pipe, PipeOp.SEND, 0, value("closed here"));
    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    b.send(pipe, PipeOp.RECV, 1, FOREVER);

    answer(other, PipeOp.CLOSE, 0);

    assertThat(b.answer()).isEqualTo(PipeOp.END_OF_STREAM);
    other.send(pipe, PipeOp.HOLD, 0);
    assertThat(other.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
  }

  @Test
  void endNobodyHeldYet_isOpen_andKeepsWhatWasSentToIt() {
    PipeObject fresh = new PipeObject(2, "fresh", true);
    answer(b, fresh, PipeOp.HOLD, 1);
    answer(b, fresh, PipeOp.SEND, 1, value("early"));
    answer(b, fresh, PipeOp.CLOSE, 1);

    answer(a, fresh, PipeOp.HOLD, 0);

    assertThat(text(answer(a, fresh, PipeOp.RECV, 0, FOREVER))).isEqualTo("early");
    assertThat(answer(a, fresh, PipeOp.RECV, 0, FOREVER)).isEqualTo(PipeOp.END_OF_STREAM);
  }

  @Test
  void usingAnEndWithoutAHold_isAnIllegalState() {
    Client stranger = Client.connected();

    stranger.send(pipe, PipeOp.SEND, 0, value("x"));
    stranger.send(pipe, PipeOp.RECV, 1, 0L);
    stranger.send(pipe, PipeOp.SHARE, 1);

    assertThat(stranger.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    assertThat(stranger.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    assertThat(stranger.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
  }

  @Test
  void closingTheLastHold_dropsWhatWasSentToThatEnd_andCountsNothingOnceBothAreClosed() {
    answer(b, PipeOp.SEND, 1, value("never read"));
    answer(a, PipeOp.SEND, 0, value("never read either"));

    answer(a, PipeOp.CLOSE, 0);
    answer(b, PipeOp.CLOSE, 1);

    assertThat(pipe.heldBytes()).isZero();
    assertThat(a.session.involvedObjects()).isEmpty();
  }

  @Test
  void closingAnEnd_failsTheSameSessionsCallsParkedOnIt_only() {
    Client other = holding(1);
    b.send(pipe, PipeOp.RECV, 1, FOREVER);
    other.send(pipe, PipeOp.RECV, 1, FOREVER);

    answer(b, PipeOp.CLOSE, 1);

    assertThat(b.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    answer(a, PipeOp.SEND, 0, value("x"));
    assertThat(text(other.answer())).isEqualTo("x");
  }

  @Test
  void sessionClosing_releasesItsHolds_soTheReaderSeesTheEndOfTheStream() {
    b.send(pipe, PipeOp.RECV, 1, FOREVER);

    a.channel.close();
    pipe.sessionClosed(a.session);

    assertThat(b.answer()).isEqualTo(PipeOp.END_OF_STREAM);
    assertThat(a.session.involvedObjects()).isEmpty();
  }

  @Test
  void reservation_keepsTheEndOpenAfterTheSharerCloses_untilTheClaimerCloses() {
    Object ticket = answer(a, PipeOp.SHARE, 0);
    answer(a, PipeOp.CLOSE, 0);
    assertThat(answer(b, PipeOp.RECV, 1, 0L)).isNull();

    Client child = Client.connected();
    answer(child, PipeOp.CLAIM, 0, ticket);
    answer(child, PipeOp.SEND, 0, value("from the child"));
    answer(child, PipeOp.CLOSE, 0);

    assertThat(text(answer(b, PipeOp.RECV, 1, FOREVER))).isEqualTo("from the child");
    assertThat(answer(b, PipeOp.RECV, 1, FOREVER)).isEqualTo(PipeOp.END_OF_STREAM);
    assertThat(a.session.involvedObjects()).isEmpty();
  }

  @Test
  void reservationNeverClaimed_isDroppedWhenTheSharersConnectionCloses() {
    answer(a, PipeOp.SHARE, 0);
    answer(a, PipeOp.CLOSE, 0);
    b.send(pipe, PipeOp.RECV, 1, FOREVER);
    assertThat(b.silent()).isTrue();

    a.channel.close();
    pipe.sessionClosed(a.session);

    assertThat(b.answer()).isEqualTo(PipeOp.END_OF_STREAM);
    assertThat(pipe.heldBytes()).isEqualTo(heldByB());
  }

  @Test
  void claimOfAReservationThatIsGone_takesAPlainHold() {
    Object ticket = answer(a, PipeOp.SHARE, 0);
    Client first = Client.connected();
    Client second = Client.connected();

    answer(first, PipeOp.CLAIM, 0, ticket);
    answer(second, PipeOp.CLAIM, 0, ticket);

    answer(first, PipeOp.CLOSE, 0);
    answer(a, PipeOp.CLOSE, 0);
    answer(second, PipeOp.SEND, 0, value("second holds it"));
    assertThat(text(answer(b, PipeOp.RECV, 1, FOREVER))).isEqualTo("second holds it");
  }

  @Test
  void recvBytes_ofAValueLongerThanMaxLength_answersItsLength_andLeavesItInThePipe() {
    answer(a, PipeOp.SEND, 0, value("four"));

    assertThat(answer(b, PipeOp.RECV_BYTES, 1, 3, FOREVER)).isEqualTo(4);
    assertThat(text(answer(b, PipeOp.RECV_BYTES, 1, 4, FOREVER))).isEqualTo("four");
  }

  @Test
  void parkedRecvBytes_answersTheLengthOfALongerValue_whichGoesToTheNextReceiver() {
    Client other = holding(1);
    b.send(pipe, PipeOp.RECV_BYTES, 1, 2, FOREVER);
    other.send(pipe, PipeOp.RECV, 1, FOREVER);

    answer(a, PipeOp.SEND, 0, value("long"));

    assertThat(b.answer()).isEqualTo(4);
    assertThat(text(other.answer())).isEqualTo("long");
  }

  @Test
  void recvBytes_withANegativeMaxLength_isAnIllegalArgument() {
    b.send(pipe, PipeOp.RECV_BYTES, 1, -1, FOREVER);

    assertThat(b.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
  }

  @Test
  void oneWayPipe_refusesTheWrongDirection() {
    PipeObject oneWay = new PipeObject(2, "one-way", false);
    answer(a, oneWay, PipeOp.HOLD, 0);
    answer(a, oneWay, PipeOp.HOLD, 1);

    a.send(oneWay, PipeOp.SEND, 0, value("x"));
    a.send(oneWay, PipeOp.RECV, 1, 0L);
    a.send(oneWay, PipeOp.SEND, 1, value("ok"));

    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    a.answer();
    a.send(oneWay, PipeOp.RECV, 0, 0L);
    assertThat(text(a.answer())).isEqualTo("ok");
  }

  @Test
  void valueWhoseAnswerCannotBeWritten_staysInTheInbox() {
    Client vanishing = Client.failingWrites();
    vanishing.send(pipe, PipeOp.HOLD, 1);
    vanishing.send(pipe, PipeOp.RECV, 1, FOREVER);

    answer(a, PipeOp.SEND, 0, value("kept"));

    assertThat(text(answer(b, PipeOp.RECV, 1, FOREVER))).isEqualTo("kept");
  }

  @Test
  void endOtherThanZeroOrOne_isAnIllegalArgument() {
    a.send(pipe, PipeOp.CLOSE, 2);

    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
  }

  /** A client holding {@code end} of the pipe. */
  private Client holding(int end) {
    Client client = Client.connected();
    answer(client, PipeOp.HOLD, end);
    return client;
  }

  /** What b's hold counts, the only thing left once a has gone. */
  private long heldByB() {
    PipeObject counted = new PipeObject(3, "counted", true);
    answer(Client.connected(), counted, PipeOp.HOLD, 1);
    return counted.heldBytes();
  }

  private Object answer(Client client, PipeOp op, Object... args) {
    return answer(client, pipe, op, args);
  }

  private static Object answer(Client client, PipeObject target, PipeOp op, Object... args) {
    client.send(target, op, args);
    return client.answer();
  }
}
