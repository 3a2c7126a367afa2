package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.LockOp;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LockConditionTest {
  private static final long FOREVER = -1;
  private static final long T = 1;

  private final LockObject lock = new LockObject(1, "rlock", true);
  private final Client a = Client.connected();
  private final Client b = Client.connected();

  @Test
  void await_releasesTheLock_andSignalHandsItBackWithTheSameHoldCount() {
    answer(a, LockOp.ACQUIRE, T, FOREVER);
    answer(a, LockOp.ACQUIRE, T, FOREVER);
    a.send(lock, LockOp.AWAIT, "ready", T, FOREVER);
    assertThat(a.silent()).isTrue();

    assertThat(answer(b, LockOp.ACQUIRE, T, 0L)).isEqualTo(true);
    assertThat(answer(b, LockOp.SIGNAL, "ready", T)).isEqualTo(true);
    assertThat(a.silent()).isTrue();
    answer(b, LockOp.RELEASE, T);

    assertThat(a.answer()).isEqualTo(true);
    assertThat(answer(a, LockOp.HOLD_COUNT, T)).isEqualTo(2);
  }

  @Test
  void await_withoutHoldingTheLock_isAnIllegalState() {
    a.send(lock, LockOp.AWAIT, "ready", T, FOREVER);

    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
  }

  @Test
  void timedOutAwait_isAnsweredOnlyOnceTheLockIsHeldAgain() {
    answer(a, LockOp.ACQUIRE, T, FOREVER);
    a.send(lock, LockOp.AWAIT, "ready", T, TimeUnit.MILLISECONDS.toNanos(10));
    answer(b, LockOp.ACQUIRE, T, FOREVER);

    a.advance(10);
    assertThat(a.silent()).isTrue();
    answer(b, LockOp.RELEASE, T);

    assertThat(a.answer()).isEqualTo(false);
    assertThat(answer(a, LockOp.HOLD_COUNT, T)).isEqualTo(1);
  }

  @Test
  void cancelledAwait_failsOnlyOnceTheLockIsHeldAgain() {
    answer(a, LockOp.ACQUIRE, T, FOREVER);
    Call waiting = a.send(lock, LockOp.AWAIT, "ready", T, FOREVER);
    answer(b, LockOp.ACQUIRE, T, FOREVER);

    lock.cancel(a.session, waiting.id());
    assertThat(a.silent()).isTrue();
    answer(b, LockOp.RELEASE, T);

    assertThat(a.failure()).isEqualTo(ErrorCode.CANCELLED);
    assertThat(answer(a, LockOp.HOLD_COUNT, T)).isEqualTo(1);
  }

  @Test
  void cancelledAwait_alreadyQueuedForTheLock_keepsItsPlaceInTheQueue() {
    Client c = Client.connected();
    answer(a, LockOp.ACQUIRE, T, FOREVER);
    Call waiting = a.send(lock, LockOp.AWAIT, "ready", T, FOREVER);
    answer(b, LockOp.ACQUIRE, T, FOREVER);
    answer(b, LockOp.SIGNAL, "ready", T);
    c.send(lock, LockOp.ACQUIRE, T, FOREVER);

    lock.cancel(a.session, waiting.id());
    answer(b, LockOp.RELEASE, T);

    assertThat(a.failure()).isEqualTo(ErrorCode.CANCELLED);
    assertThat(c.silent()).isTrue();
    assertThat(answer(a, LockOp.HOLD_COUNT, T)).isEqualTo(1);
  }

  @Test
  void signalAll_wakesEveryWaiterInTurn() {
    Client c = Client.connected();
    answer(a, LockOp.ACQUIRE, T, FOREVER);
    a.send(lock, LockOp.AWAIT, "go", T, FOREVER);
    answer(b, LockOp.ACQUIRE, T, FOREVER);
    b.send(lock, LockOp.AWAIT, "go", T, FOREVER);
    answer(c, LockOp.ACQUIRE, T, FOREVER);
    assertThat(answer(c, LockOp.CONDITION_WAITING, "go")).isEqualTo(2);

    assertThat(answer(c, LockOp.SIGNAL_ALL, "go", T)).isEqualTo(2);
    answer(c, LockOp.RELEASE, T);

    assertThat(a.answer()).isEqualTo(true);
    assertThat(b.silent()).isTrue();
    answer(a, LockOp.RELEASE, T);
    assertThat(b.answer()).isEqualTo(true);
  }

  @Test
  void signalN_wakesAtMostNWaiters_longestWaitingFirst() {
    Client c = Client.connected();
    Client d = Client.connected();
    for (Client waiter : new Client[] {a, b, c}) {
      answer(waiter, LockOp.ACQUIRE, T, FOREVER);
      waiter.send(lock, LockOp.AWAIT, "go", T, FOREVER);
    }
    answer(d, LockOp.ACQUIRE, T, FOREVER);

    assertThat(answer(d, LockOp.SIGNAL_N, "go", T, 2)).isEqualTo(2);
    assertThat(answer(d, LockOp.CONDITION_WAITING, "go")).isEqualTo(1);
    assertThat(answer(d, LockOp.SIGNAL_N, "go", T, 0)).isEqualTo(0);
    d.send(lock, LockOp.SIGNAL_N, "go", T, -1);
    assertThat(d.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
    answer(d, LockOp.RELEASE, T);

    assertThat(a.answer()).isEqualTo(true);
    answer(a, LockOp.RELEASE, T);
    assertThat(b.answer()).isEqualTo(true);
    answer(b, LockOp.RELEASE, T);
    assertThat(c.silent()).isTrue();
  }

  @Test
  void signalWithoutWaiters_wakesNobody() {
    answer(a, LockOp.ACQUIRE, T, FOREVER);

    assertThat(answer(a, LockOp.SIGNAL, "nobody", T)).isEqualTo(false);
  }

  @Test
  void waiterWhoseClientCloses_isForgotten() {
    answer(a, LockOp.ACQUIRE, T, FOREVER);
    a.send(lock, LockOp.AWAIT, "ready", T, FOREVER);

    lock.sessionClosed(a.session);

    assertThat(answer(b, LockOp.CONDITION_WAITING, "ready")).isEqualTo(0);
    assertThat(answer(b, LockOp.ACQUIRE, T, 0L)).isEqualTo(true);
  }

  private Object answer(Client client, LockOp op, Object... args) {
    client.send(lock, op, args);
    return client.answer();
  }
}
