package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SemaphoreIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void permitsTakenByOneClient_makeAnotherWaitUntilReleased() throws Exception {
    SharedSemaphore first = server.connect().semaphore("pool", 2);
    SharedSemaphore second = server.connect().semaphore("pool", 2);
    first.acquire(2);
    CompletableFuture<Void> acquired = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                second.acquire();
                acquired.complete(null);
              } catch (InterruptedException e) {
                acquired.completeExceptionally(e);
              }
            });
    waiter.start();
    await().until(() -> first.queueLength() == 1);

    first.release();

    acquired.get(10, TimeUnit.SECONDS);
    assertThat(first.availablePermits()).isZero();
  }

  @Test
  void tryAcquire_withATimeout_givesUpWhenNoneIsFree() throws Exception {
    SharedSemaphore semaphore = server.connect().semaphore("scarce", 1);

    try (SharedSemaphore.Permit permit = semaphore.acquired()) {
      assertThat(semaphore.tryAcquire()).isFalse();
      assertThat(semaphore.tryAcquire(20, TimeUnit.MILLISECONDS)).isFalse();
    }
    assertThat(semaphore.tryAcquire(1, 1, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void boundedSemaphore_refusesReleasingMoreThanItWasGiven() {
    SharedSemaphore bounded = server.connect().boundedSemaphore("bounded", 1);

    assertThatThrownBy(bounded::release).isInstanceOf(IllegalStateException.class);
    assertThat(bounded.availablePermits()).isEqualTo(1);
  }

  @Test
  void releaseThatWouldCountPastTheMostAnIntHolds_isRefused_andChangesNothing() {
    Manager manager = server.connect();
    SharedSemaphore bounded = manager.boundedSemaphore("bounded-overflow", 2);
    SharedSemaphore plain = manager.semaphore("plain-overflow", 2);

    assertThatThrownBy(() -> bounded.release(Integer.MAX_VALUE))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> plain.release(Integer.MAX_VALUE))
        .isInstanceOf(IllegalStateException.class);

    assertThat(bounded.tryAcquire(2)).isTrue();
    assertThat(plain.availablePermits()).isEqualTo(2);
  }

  @Test
  void semaphoreWithAnotherCount_isRefused() {
    Manager manager = server.connect();
    manager.semaphore("counted", 3);

    assertThatThrownBy(() -> manager.semaphore("counted", 4))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("permits 3");
    assertThatThrownBy(() -> manager.boundedSemaphore("counted", 3))
        .isInstanceOf(WrongTypeException.class);
  }

  @Test
  void closingAClientsManager_returnsThePermitsItTook() throws Exception {
    Manager holderManager = server.connect();
    holderManager.semaphore("returned", 1).acquire();
    SharedSemaphore waiter = server.connect().semaphore("returned", 1);

    holderManager.close();

    assertThat(waiter.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
  }
}
