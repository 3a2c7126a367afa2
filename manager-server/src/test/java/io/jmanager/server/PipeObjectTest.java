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
  private final Client a = Client.connected();
  private final Client b = Client.connected();

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
    Client poller = Client.connected();
    poller.send(pipe, PipeOp.POLL, 0, FOREVER);

    answer(a, PipeOp.SEND, 0, value("x"));
    assertThat(text(b.answer())).isEqualTo("x");
    answer(b, PipeOp.SEND, 1, value("y"));

    assertThat(poller.answer()).isEqualTo(true);
    assertThat(answer(a, PipeOp.POLL, 1, 0L)).isEqualTo(false);
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
  void oneWayPipe_refusesTheWrongDirection() {
    PipeObject oneWay = new PipeObject(2, "one-way", false);

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
    Client.failingWrites().send(pipe, PipeOp.RECV, 1, FOREVER);

    answer(a, PipeOp.SEND, 0, value("kept"));

    assertThat(text(answer(b, PipeOp.RECV, 1, FOREVER))).isEqualTo("kept");
  }

  @Test
  void endOtherThanZeroOrOne_isAnIllegalArgument() {
    a.send(pipe, PipeOp.CLOSE, 2);

    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
  }

  private Object answer(Client client, PipeOp op, Object... args) {
    client.send(pipe, op, args);
    return client.answer();
  }
}
