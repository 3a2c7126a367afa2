package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConditionIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void waiterInAnotherClient_wakesOnSignal_holdingTheLockAgain() throws Exception {
    Manager waiterSide = server.connect();
    SharedCondition ready = waiterSide.condition("ready");
    SharedCondition signaller = server.connect().condition("ready");
    Map<String, Boolean> state = server.connect().dict("ready-state");
    CompletableFuture<Integer> heldAfterWake = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try (SharedLock.Held held = ready.lock().locked()) {
                ready.awaitUntil(() -> state.containsKey("go"));
                heldAfterWake.complete(ready.lock().holdCount());
              } catch (InterruptedException e) {
                heldAfterWake.completeExceptionally(e);
              }
            });
    waiter.start();
    await().until(() -> signaller.waiting() == 1);

    try (SharedLock.Held held = signaller.lock().locked()) {
      state.put("go", true);
      signaller.signalAll();
    }

    assertThat(heldAfterWake.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    waiter.join(10_000);
    assertThat(waiter.isAlive()).as("the waiter released the lock and ended").isFalse();
  }

  @Test
  void signalN_wakesThatManyWaitersOfOtherClients() throws Exception {
    SharedCondition signaller = server.connect().condition("some");
    List<CompletableFuture<Boolean>> woken = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SharedCondition condition = server.connect().condition("some");
      CompletableFuture<Boolean> wake = new CompletableFuture<>();
      woken.add(wake);
      new Thread(
              () -> {
                try (SharedLock.Held held = condition.lock().locked()) {
                  wake.complete(condition.await(60, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                  wake.completeExceptionally(e);
                }
              })
          .start();
      int waiting = i + 1;
      await().until(() -> signaller.waiting() == waiting);
    }

    try (SharedLock.Held held = signaller.lock().locked()) {
      assertThat(signaller.signal(2)).isEqualTo(2);
    }

    assertThat(woken.get(0).get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(woken.get(1).get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(signaller.waiting()).isEqualTo(1);
    assertThat(woken.get(2)).isNotDone();
    try (SharedLock.Held held = signaller.lock().locked()) {
      assertThat(signaller.signal(5)).isEqualTo(1);
    }
    assertThat(woken.get(2).get(30, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> signaller.signal(1)).isInstanceOf(IllegalMonitorStateException.class);
  }

  @Test
  void interruptedAgainWhileTakingTheLockBack_stillEndsWithOneInterruptedException()
      throws Exception {
    SharedCondition waiterSide = server.connect().condition("interrupted");
    SharedLock other = server.connect().rlock("interrupted");
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              waiterSide.lock().lock();
              try {
                waiterSide.await();
                outcome.complete(new AssertionError("signalled"));
              } catch (Throwable e) {
                outcome.complete(e);
              }
            });
    waiter.start();
    await().until(() -> waiterSide.waiting() == 1);
    other.lock();
    waiter.interrupt();
    await().until(() -> other.queueLength() == 1);

    waiter.interrupt();
    waiter.interrupt();

    await()
        .during(300, TimeUnit.MILLISECONDS)
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> other.queueLength() == 1 && !outcome.isDone());
    other.unlock();
    assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
  }

  @Test
  void timedAwaitWhoseLockIsHeldPastTheCallTimeout_returnsFalseOnceItHoldsTheLockAgain()
      throws Exception {
    SharedCondition waiterSide = shortCallTimeout().condition("relock-timed");
    SharedLock other = server.connect().rlock("relock-timed");
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    startWaiter(waiterSide, () -> waiterSide.await(5, TimeUnit.SECONDS), outcome);
    await().atMost(30, TimeUnit.SECONDS).until(() -> waiterSide.waiting() == 1);
    other.lock();

    await().atMost(30, TimeUnit.SECONDS).until(() -> other.queueLength() == 1);
    await().during(1, TimeUnit.SECONDS).atMost(5, TimeUnit.SECONDS).until(() -> !outcome.isDone());
    other.unlock();

    assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(List.of(false, 1));
  }

  @Test
  void interruptedAwaitWhoseLockIsHeldPastTheCallTimeout_throwsOnceItHoldsTheLockAgain()
      throws Exception {
    SharedCondition waiterSide = shortCallTimeout().condition("relock-interrupted");
    SharedLock other = server.connect().rlock("relock-interrupted");
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Thread waiter =
        startWaiter(
            waiterSide,
            () -> {
              waiterSide.await();
              return "signalled";
            },
            outcome);
    await().atMost(30, TimeUnit.SECONDS).until(() -> waiterSide.waiting() == 1);
    other.lock();
    waiter.interrupt();

    await().atMost(30, TimeUnit.SECONDS).until(() -> other.queueLength() == 1);
    await().during(1, TimeUnit.SECONDS).atMost(5, TimeUnit.SECONDS).until(() -> !outcome.isDone());
    other.unlock();

    assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(List.of(InterruptedException.class, 1));
  }

  /** A manager whose call timeout is far shorter than the waits of these tests. */
  private static Manager shortCallTimeout() {
    return server.track(
        Manager.builder()
            .address("127.0.0.1", server.port())
            .authkey(ServerExtension.KEY)
            .callTimeout(Duration.ofMillis(200))
            .connect());
  }

  /**
   * Starts a thread that takes the condition's lock, waits, and completes {@code outcome} with what
   * the wait returned (or the class of what it threw) and its hold count afterwards.
   */
  private static Thread startWaiter(
      SharedCondition condition, Callable<?> wait, CompletableFuture<Object> outcome) {
    Thread waiter =
        new Thread(
            () -> {
              condition.lock().lock();
              Object result;
              try {
                result = wait.call();
              } catch (Exception e) {
                result = e.getClass();
              }
              int holds = condition.lock().holdCount();
              condition.lock().unlock();
              outcome.complete(List.of(result, holds));
            });
    waiter.setDaemon(true);
    waiter.start();
    return waiter;
  }

  @Test
  void timedAwait_returnsFalse_andTheLockIsHeldAgain() throws Exception {
    SharedCondition condition = server.connect().condition("quiet");
    SharedLock lock = condition.lock();
    lock.lock();

    assertThat(condition.await(20, TimeUnit.MILLISECONDS)).isFalse();

    assertThat(lock.holdCount()).isEqualTo(1);
    lock.unlock();
  }

  @Test
  void awaitOrSignalWithoutTheLock_isAnIllegalMonitorState() {
    SharedCondition condition = server.connect().condition("unheld");

    assertThatThrownBy(condition::await).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(condition::signal).isInstanceOf(IllegalMonitorStateException.class);
  }

  @Test
  void newCondition_onAPlainLock_worksLikeJavas() throws Exception {
    SharedLock lock = server.connect().lock("plain-with-condition");
    Condition condition = lock.newCondition();
    lock.lock();
    try {
      assertThat(condition.awaitNanos(TimeUnit.MILLISECONDS.toNanos(10))).isLessThanOrEqualTo(0);
      condition.signal();
    } finally {
      lock.unlock();
    }
    assertThat(lock.isLocked()).isFalse();
  }
}
