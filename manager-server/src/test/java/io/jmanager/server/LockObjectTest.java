package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.LockOp;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LockObjectTest {
  private static final long FOREVER = -1;
  private static final long THREAD = 7;

  private final LockObject lock = new LockObject(1, "lock", false);
  private final LockObject rlock = new LockObject(2, "rlock", true);
  private final Client a = Client.connected();
  private final Client b = Client.connected();

  @Test
  void acquire_whenFree_grantsAtOnce_andASecondAcquirerParks() {
    assertThat(answer(a, lock, LockOp.ACQUIRE, THREAD, FOREVER)).isEqualTo(true);

    b.send(lock, LockOp.ACQUIRE, THREAD, FOREVER);

    assertThat(b.silent()).isTrue();
    assertThat(answer(a, lock, LockOp.WAITING)).isEqualTo(1);
  }

  @Test
  void release_handsTheLockToTheFirstParkedAcquirer() {
    answer(a, lock, LockOp.ACQUIRE, THREAD, FOREVER);
    b.send(lock, LockOp.ACQUIRE, THREAD, FOREVER);
    Client c = Client.connected();
    c.send(lock, LockOp.ACQUIRE, THREAD, FOREVER);

    answer(a, lock, LockOp.RELEASE, THREAD);

    assertThat(b.answer()).isEqualTo(true);
    assertThat(c.silent()).isTrue();
    assertThat(answer(b, lock, LockOp.HOLD_COUNT, THREAD)).isEqualTo(1);
  }

  @Test
  void tryAcquire_withoutWaiting_failsWhenHeld() {
    answer(a, lock, LockOp.ACQUIRE, THREAD, FOREVER);

    assertThat(answer(b, lock, LockOp.ACQUIRE, THREAD, 0L)).isEqualTo(false);
  }

  @Test
  void acquire_whenTheTimeoutPasses_answersFalse_andLeavesNoWaiter() {
    answer(a, lock, LockOp.ACQUIRE, THREAD, FOREVER);
    b.send(lock, LockOp.ACQUIRE, THREAD, TimeUnit.MILLISECONDS.toNanos(50));

    b.advance(50);

    assertThat(b.answer()).isEqualTo(false);
    assertThat(answer(a, lock, LockOp.WAITING)).isEqualTo(0);
  }

  @Test
  void plainLock_isNotReentrant_andAnyoneMayReleaseIt() {
    answer(a, lock, LockOp.ACQUIRE, THREAD, FOREVER);
    assertThat(answer(a, lock, LockOp.ACQUIRE, THREAD, 0L)).isEqualTo(false);

    answer(b, lock, LockOp.RELEASE, 99L);

    assertThat(answer(a, lock, LockOp.IS_LOCKED)).isEqualTo(false);
  }

  @Test
  void releasingAnUnlockedLock_isAnIllegalState() {
    a.send(lock, LockOp.RELEASE, THREAD);

    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
  }

  @Test
  void rlock_isReentrantForItsHolder_andNeedsAsManyReleases() {
    answer(a, rlock, LockOp.ACQUIRE, THREAD, FOREVER);
    answer(a, rlock, LockOp.ACQUIRE, THREAD, FOREVER);
    assertThat(answer(a, rlock, LockOp.HOLD_COUNT, THREAD)).isEqualTo(2);

    answer(a, rlock, LockOp.RELEASE, THREAD);
    assertThat(answer(a, rlock, LockOp.IS_LOCKED)).isEqualTo(true);
    answer(a, rlock, LockOp.RELEASE, THREAD);

    assertThat(answer(a, rlock, LockOp.IS_LOCKED)).isEqualTo(false);
  }

  @Test
  void rlock_heldByOneThread_isNotEnteredByAnotherThreadOfTheSameClient() {
    answer(a, rlock, LockOp.ACQUIRE, THREAD, FOREVER);

    assertThat(answer(a, rlock, LockOp.ACQUIRE, THREAD + 1, 0L)).isEqualTo(false);
  }

  @Test
  void rlock_mayOnlyBeReleasedByItsHolder() {
    answer(a, rlock, LockOp.ACQUIRE, THREAD, FOREVER);

    b.send(rlock, LockOp.RELEASE, THREAD);
    a.send(rlock, LockOp.RELEASE, THREAD + 1);

    assertThat(b.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    assertThat(answer(a, rlock, LockOp.HOLD_COUNT, THREAD)).isEqualTo(1);
  }

  @Test
  void holderWhoseConnectionCloses_releasesAtOnce_toTheNextLiveAcquirer() {
    answer(a, rlock, LockOp.ACQUIRE, THREAD, FOREVER);
    answer(a, rlock, LockOp.ACQUIRE, THREAD, FOREVER);
    Client dead = Client.connected();
    dead.send(rlock, LockOp.ACQUIRE, THREAD, FOREVER);
    b.send(rlock, LockOp.ACQUIRE, THREAD, FOREVER);
    dead.channel.close();

    a.channel.close();
    rlock.sessionClosed(a.session);

    assertThat(b.answer()).isEqualTo(true);
    assertThat(a.session.involvedObjects()).isEmpty();
  }

  @Test
  void grantThatCannotBeWritten_releasesTheLockAgain() {
    answer(a, lock, LockOp.ACQUIRE, THREAD, FOREVER);
    Client vanishing = Client.failingWrites();
    vanishing.send(lock, LockOp.ACQUIRE, THREAD, FOREVER);
    b.send(lock, LockOp.ACQUIRE, THREAD, FOREVER);

    answer(a, lock, LockOp.RELEASE, THREAD);

    assertThat(b.answer()).isEqualTo(true);
  }

  @Test
  void cancelledAcquirer_neverGetsTheLock() {
    answer(a, lock, LockOp.ACQUIRE, THREAD, FOREVER);
    Call parked = b.send(lock, LockOp.ACQUIRE, THREAD, FOREVER);

    lock.cancel(b.session, parked.id());
    answer(a, lock, LockOp.RELEASE, THREAD);

    assertThat(b.failure()).isEqualTo(ErrorCode.CANCELLED);
    assertThat(answer(a, lock, LockOp.IS_LOCKED)).isEqualTo(false);
  }

  @Test
  void holderWhoseGrantAnAdminRevoked_mayNotReleaseTheNextHoldersLock() {
    answer(a, lock, LockOp.ACQUIRE, THREAD, FOREVER);
    b.send(lock, LockOp.ACQUIRE, THREAD, FOREVER);

    assertThat(lock.forceRelease()).isEqualTo(a.session.id());
    assertThat(b.answer()).isEqualTo(true);
    a.send(lock, LockOp.RELEASE, THREAD);

    assertThat(a.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    assertThat(answer(b, lock, LockOp.HOLD_COUNT, THREAD)).isEqualTo(1);
    assertThat(answer(Client.connected(), lock, LockOp.ACQUIRE, THREAD, 0L)).isEqualTo(false);
  }

  @Test
  void revokedHolder_releasesAsBefore_onceItAcquiresAgain_andItsOtherThreadsNeverStopped() {
    answer(a, lock, LockOp.ACQUIRE, THREAD, FOREVER);
    lock.forceRelease();

    answer(b, lock, LockOp.ACQUIRE, THREAD, FOREVER);
    answer(a, lock, LockOp.RELEASE, THREAD + 1);
    answer(a, lock, LockOp.ACQUIRE, THREAD, FOREVER);
    answer(a, lock, LockOp.RELEASE, THREAD);

    assertThat(answer(b, lock, LockOp.IS_LOCKED)).isEqualTo(false);
  }

  private static Object answer(Client client, LockObject target, LockOp op, Object... args) {
    client.send(target, op, args);
    return client.answer();
  }
}
