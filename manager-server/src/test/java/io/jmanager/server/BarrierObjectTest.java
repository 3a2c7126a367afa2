package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.BarrierOp;
import io.jmanager.protocol.ErrorCode;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BarrierObjectTest {
  private static final long FOREVER = -1;

  private final BarrierObject barrier = new BarrierObject(1, "b", 3);
  private final Client a = Client.connected();
  private final Client b = Client.connected();
  private final Client c = Client.connected();

  @Test
  void lastArrival_releasesEveryParty_withDistinctIndexes_andTheBarrierIsReusable() {
    a.send(barrier, BarrierOp.AWAIT, FOREVER);
    b.send(barrier, BarrierOp.AWAIT, FOREVER);
    assertThat(a.silent()).isTrue();

    c.send(barrier, BarrierOp.AWAIT, FOREVER);

    assertThat(a.answer()).isEqualTo(2);
    assertThat(b.answer()).isEqualTo(1);
    assertThat(c.answer()).isEqualTo(0);
    a.send(barrier, BarrierOp.AWAIT, FOREVER);
    assertThat(a.silent()).isTrue();
  }

  @Test
  void barrierWithAnAction_tellsTheLastPartyToRunIt_andKeepsTheFirstActionGiven() {
    a.send(barrier, BarrierOp.CONFIGURE, new byte[] {1, 2}, FOREVER);
    b.send(barrier, BarrierOp.CONFIGURE, new byte[] {3}, FOREVER);
    a.answer();
    b.answer();
    a.send(barrier, BarrierOp.AWAIT, FOREVER);
    b.send(barrier, BarrierOp.AWAIT, FOREVER);

    c.send(barrier, BarrierOp.AWAIT, FOREVER);
    c.send(barrier, BarrierOp.ACTION);

    assertThat(a.answer()).isEqualTo(2);
    assertThat(b.answer()).isEqualTo(1);
    assertThat(c.answer()).isEqualTo(BarrierOp.RUN_ACTION);
    assertThat((byte[]) c.answer()).containsExactly(1, 2);
  }

  @Test
  void defaultTimeout_appliesToAnAwaitWithoutItsOwn_andBreaksTheBarrier() {
    a.send(barrier, BarrierOp.CONFIGURE, null, TimeUnit.MILLISECONDS.toNanos(10));
    a.answer();
    a.send(barrier, BarrierOp.AWAIT, FOREVER);
    b.send(barrier, BarrierOp.AWAIT, TimeUnit.MILLISECONDS.toNanos(50));

    a.advance(10);

    assertThat(a.answer()).isEqualTo(BarrierOp.TIMED_OUT);
    assertThat(b.answer()).isEqualTo(BarrierOp.BROKEN);
  }

  @Test
  void partyTimingOut_breaksTheBarrierForAll() {
    a.send(barrier, BarrierOp.AWAIT, FOREVER);
    b.send(barrier, BarrierOp.AWAIT, TimeUnit.MILLISECONDS.toNanos(10));

    b.advance(10);

    assertThat(b.answer()).isEqualTo(BarrierOp.TIMED_OUT);
    assertThat(a.answer()).isEqualTo(BarrierOp.BROKEN);
    c.send(barrier, BarrierOp.AWAIT, FOREVER);
    assertThat(c.answer()).isEqualTo(BarrierOp.BROKEN);
  }

  @Test
  void partyWhoseClientDisconnects_breaksTheBarrierForTheOthers() {
    a.send(barrier, BarrierOp.AWAIT, FOREVER);
    b.send(barrier, BarrierOp.AWAIT, FOREVER);

    barrier.sessionClosed(b.session);

    assertThat(a.answer()).isEqualTo(BarrierOp.BROKEN);
    assertThat(b.silent()).isTrue();
  }

  @Test
  void cancelledParty_breaksTheBarrier() {
    a.send(barrier, BarrierOp.AWAIT, FOREVER);
    Call parked = b.send(barrier, BarrierOp.AWAIT, FOREVER);

    barrier.cancel(b.session, parked.id());

    assertThat(b.failure()).isEqualTo(ErrorCode.CANCELLED);
    assertThat(a.answer()).isEqualTo(BarrierOp.BROKEN);
  }

  @Test
  void reset_breaksTheWaiters_thenTheBarrierWorksAgain() {
    a.send(barrier, BarrierOp.AWAIT, FOREVER);

    c.send(barrier, BarrierOp.RESET);
    c.answer();

    assertThat(a.answer()).isEqualTo(BarrierOp.BROKEN);
    c.send(barrier, BarrierOp.IS_BROKEN);
    assertThat(c.answer()).isEqualTo(false);
  }

  @Test
  void abort_keepsTheBarrierBrokenUntilReset() {
    c.send(barrier, BarrierOp.ABORT);
    c.answer();

    a.send(barrier, BarrierOp.AWAIT, FOREVER);

    assertThat(a.answer()).isEqualTo(BarrierOp.BROKEN);
  }
}
