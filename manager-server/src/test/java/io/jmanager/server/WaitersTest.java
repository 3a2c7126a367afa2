package io.jmanager.server;

import static io.jmanager.server.Client.text;
import static io.jmanager.server.Client.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.QueueOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitersTest {
  private static final long FOREVER = -1;

  private final QueueObject queue = new QueueObject(1, "q", 0, false);
  private final QueueObject other = new QueueObject(2, "r", 0, false);
  private final Client a = Client.connected();

  /**
   * The bound is a hang bound, not a measurement: when a cancel scanned every waiter of the object,
   * these 16,384 cancels looked at 4.3 billion waiters and took 105-163 s on 2 loaded cores; found
   * directly, they took 0.5 s.
   */
  @Test
  void cancellingTheNewestOf262144ParkedTakes_looksAtNoOtherWaiter() {
    int parked = 262_144;
    int cancelled = 16_384;
    List<Call> calls = new ArrayList<>(parked);
    for (int i = 0; i < parked; i++) {
      calls.add(a.send(queue, QueueOp.POLL_WAIT, FOREVER));
    }

    long start = System.nanoTime();
    for (Call call : calls.subList(parked - cancelled, parked)) {
      queue.cancel(a.session, call.id());
    }

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    for (int i = 0; i < cancelled; i++) {
      assertThat(a.failure()).isEqualTo(ErrorCode.CANCELLED);
    }
    Client b = Client.connected();
    assertThat(answer(b, queue, QueueOp.WAITING_TAKERS)).isEqualTo(parked - cancelled);
    answer(b, queue, QueueOp.OFFER, value("x"));
    assertThat(text(a.answer())).isEqualTo("x");
    assertThat(calls.get(0).session().parkedOn(calls.get(0).id())).isNull();
  }

  @Test
  void closedSession_dropsItsOwnWaiters_andEveryOtherWaiterKeepsItsPlace() {
    Client b = Client.connected();
    Client c = Client.connected();
    b.send(queue, QueueOp.POLL_WAIT, FOREVER);
    a.send(queue, QueueOp.POLL_WAIT, FOREVER);
    c.send(queue, QueueOp.POLL_WAIT, FOREVER);
    a.send(queue, QueueOp.POLL_WAIT, FOREVER);
    a.send(other, QueueOp.POLL_WAIT, FOREVER);

    queue.sessionClosed(a.session);

    assertThat(answer(b, queue, QueueOp.WAITING_TAKERS)).isEqualTo(2);
    assertThat(answer(b, other, QueueOp.WAITING_TAKERS)).isEqualTo(1);
    assertThat(a.session.involvedObjects()).containsExactly(other);
    answer(Client.connected(), queue, QueueOp.ADD_ALL, Client.list(value("1"), value("2")));
    assertThat(text(b.answer())).isEqualTo("1");
    assertThat(text(c.answer())).isEqualTo("2");
  }

  @Test
  void requestIdReusedWhileParked_countsEachCall_soTheLimitStillHolds() {
    Client reusing = Client.parkingAtMost(2);
    reusing.sendAs(5, queue, QueueOp.POLL_WAIT, FOREVER);
    reusing.sendAs(5, other, QueueOp.POLL_WAIT, FOREVER);

    reusing.sendAs(5, queue, QueueOp.POLL_WAIT, FOREVER);

    assertThat(reusing.failure()).isEqualTo(ErrorCode.BUSY);
    queue.sessionClosed(reusing.session);
    other.sessionClosed(reusing.session);
    assertThat(reusing.session.isQuiet()).isTrue();
    assertThat(answer(a, queue, QueueOp.WAITING_TAKERS)).isEqualTo(0);
    assertThat(answer(a, other, QueueOp.WAITING_TAKERS)).isEqualTo(0);
  }

  @Test
  void timedOutWaiter_leavesTheQueue_andItsSessionsRecords() {
    a.send(queue, QueueOp.POLL_WAIT, 1_000_000L);
    Call kept = a.send(queue, QueueOp.POLL_WAIT, FOREVER);

    a.advance(1);

    assertThat(a.answer()).isNull();
    assertThat(answer(a, queue, QueueOp.WAITING_TAKERS)).isEqualTo(1);
    assertThat(a.session.parkedOn(kept.id())).isSameAs(queue);
    queue.cancel(a.session, kept.id());
    assertThat(a.failure()).isEqualTo(ErrorCode.CANCELLED);
    assertThat(a.session.isQuiet()).isTrue();
  }

  private static Object answer(Client client, QueueObject target, QueueOp op, Object... args) {
    client.send(target, op, args);
    return client.answer();
  }
}
