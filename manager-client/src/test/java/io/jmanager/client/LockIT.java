package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LockIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void lockHeldByOneClient_makesAnotherWaitUntilItIsReleased() throws Exception {
    SharedLock first = server.connect().lock("mutex");
    SharedLock second = server.connect().lock("mutex");
    first.lock();
    CompletableFuture<Void> acquired = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              second.lock();
              acquired.complete(null);
            });
    waiter.start();
    await().until(() -> first.queueLength() == 1);
    assertThat(acquired).isNotDone();

    first.unlock();

    acquired.get(10, TimeUnit.SECONDS);
    assertThat(second.holdCount()).isZero();
    assertThat(second.isLocked()).isTrue();
  }

  @Test
  void tryLock_withATimeout_givesUpWhenHeldElsewhere() throws Exception {
    SharedLock first = server.connect().lock("busy");
    SharedLock second = server.connect().lock("busy");
    first.lock();

    assertThat(second.tryLock()).isFalse();
    assertThat(second.tryLock(30, TimeUnit.MILLISECONDS)).isFalse();
    first.unlock();
    assertThat(second.tryLock(1, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void rlock_isReentrant_andOnlyItsHolderMayUnlockIt() {
    SharedLock rlock = server.connect().rlock("reentrant");
    SharedLock other = server.connect().rlock("reentrant");

    try (SharedLock.Held outer = rlock.locked();
        SharedLock.Held inner = rlock.locked()) {
      assertThat(rlock.holdCount()).isEqualTo(2);
      assertThatThrownBy(other::unlock).isInstanceOf(IllegalMonitorStateException.class);
    }
    assertThat(rlock.isLocked()).isFalse();
  }

  @Test
  void lock_andRlock_areDifferentTypes() {
    Manager manager = server.connect();
    manager.lock("plain");

    assertThatThrownBy(() -> manager.rlock("plain")).isInstanceOf(WrongTypeException.class);
  }

  @Test
  void unlockingAnUnlockedLock_isAnIllegalMonitorState() {
    assertThatThrownBy(() -> server.connect().lock("free").unlock())
        .isInstanceOf(IllegalMonitorStateException.class);
  }

  @Test
  void lockInterruptibly_interrupted_throwsAndNeverTakesTheLock() throws Exception {
    SharedLock holder = server.connect().lock("interruptible");
    SharedLock waiter = server.connect().lock("interruptible");
    holder.lock();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                waiter.lockInterruptibly();
                outcome.complete(null);
              } catch (InterruptedException e) {
                outcome.complete(e);
              }
            });
    thread.start();
    await().until(() -> holder.queueLength() == 1);

    thread.interrupt();

    assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    assertThat(holder.queueLength()).isZero();
    holder.unlock();
    assertThat(holder.isLocked()).isFalse();
  }

  @Test
  void closingTheHoldersManager_releasesItsLock() throws Exception {
    Manager holderManager = server.connect();
    SharedLock holder = holderManager.rlock("closing");
    SharedLock waiter = server.connect().rlock("closing");
    holder.lock();

    holderManager.close();

    assertThat(waiter.tryLock(10, TimeUnit.SECONDS)).isTrue();
  }
}
