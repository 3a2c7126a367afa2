package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.SemaphoreOp;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SemaphoreObjectTest {
  private static final long FOREVER = -1;

  private final SemaphoreObject semaphore = new SemaphoreObject(1, "s", 2, false);
  private final SemaphoreObject bounded = new SemaphoreObject(2, "b", 2, true);
  private final Client a = Client.connected();
  private final Client b = Client.connected();

  @Test
  void acquire_takesFreePermits_andParksWhenTooFewAreLeft() {
    assertThat(answer(a, semaphore, SemaphoreOp.ACQUIRE, 2, FOREVER)).isEqualTo(true);

    b.send(semaphore, SemaphoreOp.ACQUIRE, 1, FOREVER);

    assertThat(b.silent()).isTrue();
    assertThat(answer(a, semaphore, SemaphoreOp.AVAILABLE)).isEqualTo(0);
    assertThat(answer(a, semaphore, SemaphoreOp.WAITING)).isEqualTo(1);
  }

  @Test
  void release_servesParkedAcquirersInOrder_withoutLettingLaterOnesOvertake() {
    answer(a, semaphore, SemaphoreOp.ACQUIRE, 2, FOREVER);
    b.send(semaphore, SemaphoreOp.ACQUIRE, 2, FOREVER);
    Client c = Client.connected();
    c.send(semaphore, SemaphoreOp.ACQUIRE, 1, FOREVER);

    answer(a, semaphore, SemaphoreOp.RELEASE, 1);
    assertThat(b.silent()).isTrue();
    assertThat(c.silent()).isTrue();
    answer(a, semaphore, SemaphoreOp.RELEASE, 1);

    assertThat(b.answer()).isEqualTo(true);
    assertThat(c.silent()).isTrue();
  }

  @Test
  void acquire_whenTheTimeoutPasses_answersFalse() {
    answer(a, semaphore, SemaphoreOp.ACQUIRE, 2, FOREVER);
    b.send(semaphore, SemaphoreOp.ACQUIRE, 1, TimeUnit.MILLISECONDS.toNanos(20));

    b.advance(20);

    assertThat(b.answer()).isEqualTo(false);
    assertThat(answer(a, semaphore, SemaphoreOp.ACQUIRE, 1, 0L)).isEqualTo(false);
  }

  @Test
  void plainSemaphore_mayBeReleasedAboveItsInitialCount() {
    answer(a, semaphore, SemaphoreOp.RELEASE, 3);

    assertThat(answer(a, semaphore, SemaphoreOp.AVAILABLE)).isEqualTo(5);
  }

  @Test
  void boundedSemaphore_refusesAReleaseAboveItsInitialCount() {
    answer(a, bounded, SemaphoreOp.ACQUIRE, 1, FOREVER);
    answer(a, bounded, SemaphoreOp.RELEASE, 1);

    a.send(bounded, SemaphoreOp.RELEASE, 1);

    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    assertThat(answer(a, bounded, SemaphoreOp.AVAILABLE)).isEqualTo(2);
  }

  @Test
  void boundedSemaphore_refusesTheLargestRelease_insteadOfWrappingPastItsBound() {
    a.send(bounded, SemaphoreOp.RELEASE, Integer.MAX_VALUE);

    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    assertThat(answer(a, bounded, SemaphoreOp.AVAILABLE)).isEqualTo(2);
    assertThat(answer(a, bounded, SemaphoreOp.ACQUIRE, 2, 0L)).isEqualTo(true);
  }

  @Test
  void plainSemaphore_refusesAReleasePastTheMostItCanCount_andKeepsItsPermits() {
    a.send(semaphore, SemaphoreOp.RELEASE, Integer.MAX_VALUE - 1);

    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    assertThat(answer(a, semaphore, SemaphoreOp.AVAILABLE)).isEqualTo(2);
    answer(a, semaphore, SemaphoreOp.RELEASE, Integer.MAX_VALUE - 2);
    assertThat(answer(a, semaphore, SemaphoreOp.AVAILABLE)).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void closedSession_returnsThePermitsItTook_toTheNextWaiter() {
    answer(a, semaphore, SemaphoreOp.ACQUIRE, 2, FOREVER);
    b.send(semaphore, SemaphoreOp.ACQUIRE, 2, FOREVER);

    a.channel.close();
    semaphore.sessionClosed(a.session);

    assertThat(b.answer()).isEqualTo(true);
    assertThat(a.session.involvedObjects()).isEmpty();
  }

  @Test
  void closedSession_returnsOnlyWhatItStillHeld() {
    answer(a, semaphore, SemaphoreOp.ACQUIRE, 2, FOREVER);
    answer(a, semaphore, SemaphoreOp.RELEASE, 1);

    semaphore.sessionClosed(a.session);

    assertThat(answer(b, semaphore, SemaphoreOp.AVAILABLE)).isEqualTo(2);
  }

  @Test
  void releaseByAnotherClient_settlesTheTakersPermit_soItsDeathReturnsNothingMore() {
    SemaphoreObject one = new SemaphoreObject(3, "one", 1, true);
    answer(a, one, SemaphoreOp.ACQUIRE, 1, FOREVER);

    answer(b, one, SemaphoreOp.RELEASE, 1);
    one.sessionClosed(a.session);

    assertThat(answer(b, one, SemaphoreOp.AVAILABLE)).isEqualTo(1);
  }

  @Test
  void nonPositivePermits_areAnIllegalArgument() {
    a.send(semaphore, SemaphoreOp.ACQUIRE, 0, FOREVER);

    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
  }

  private static Object answer(
      Client client, SemaphoreObject target, SemaphoreOp op, Object... args) {
    client.send(target, op, args);
    return client.answer();
  }
}
