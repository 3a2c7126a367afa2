package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The interrupt contract of every blocking method, as the JDK's blocking classes keep it: called
 * with the interrupt flag set, it throws {@link InterruptedException} at once (clearing the flag)
 * and changes nothing on the server, whether or not what it waits for is there; interrupted while
 * it waits, it throws {@link InterruptedException} and has taken nothing.
 */
class InterruptIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  private static final Duration BOUND = Duration.ofSeconds(30);

  @Test
  void takeAndPolls_calledInterrupted_throw_andLeaveTheItemInTheQueue() {
    SharedQueue<String> queue = server.connect().queue("interrupted-full");
    queue.add("kept");

    throwsAtOnce(queue::take);
    throwsAtOnce(() -> queue.poll(0, TimeUnit.SECONDS));
    throwsAtOnce(() -> queue.poll(10, TimeUnit.SECONDS));

    assertThat(queue).containsExactly("kept");
  }

  @Test
  void polls_calledInterrupted_onAnEmptyQueue_throw_andLeaveNoTakerParked() {
    SharedQueue<String> queue = server.connect().queue("interrupted-empty");

    throwsAtOnce(() -> queue.poll(0, TimeUnit.SECONDS));
    throwsAtOnce(() -> queue.poll(Long.MAX_VALUE, TimeUnit.NANOSECONDS));

    assertThat(queue.waitingConsumers()).isZero();
    queue.add("next");
    assertThat(queue.poll()).isEqualTo("next");
  }

  @Test
  void putAndOffers_calledInterrupted_throw_andAddNothing() {
    SharedQueue<String> roomy = server.connect().queue("interrupted-roomy", 5);
    SharedQueue<String> full = server.connect().queue("interrupted-tight", 1);
    full.add("first");

    throwsAtOnce(() -> roomy.put("x"));
    throwsAtOnce(() -> roomy.offer("x", 0, TimeUnit.SECONDS));
    throwsAtOnce(() -> roomy.offer("x", 10, TimeUnit.SECONDS));
    throwsAtOnce(() -> full.offer("x", 0, TimeUnit.SECONDS));

    assertThat(roomy).isEmpty();
    assertThat(full).containsExactly("first");
  }

  @Test
  void take_interruptedWhileWaiting_throws_andTheNextItemGoesToTheNextTaker() throws Exception {
    SharedQueue<String> queue = server.connect().queue("interrupted-waiting");

    Object outcome = interruptWhile(() -> queue.poll(30, TimeUnit.SECONDS), () -> parked(queue));

    assertThat(outcome).isInstanceOf(InterruptedException.class);
    assertThat(queue.waitingConsumers()).isZero();
    queue.add("next");
    assertThat(queue).containsExactly("next");
  }

  @Test
  void offer_interruptedWhileWaitingForRoom_throws_andAddsNothing() throws Exception {
    SharedQueue<String> queue = server.connect().queue("interrupted-putter", 1);
    queue.add("first");

    Object outcome =
        interruptWhile(
            () -> queue.offer("second", 30, TimeUnit.SECONDS), () -> server.parkedCalls() == 1);

    assertThat(outcome).isInstanceOf(InterruptedException.class);
    assertThat(queue).containsExactly("first");
  }

  @Test
  void join_calledInterrupted_throws_whetherOrNotTasksAreUnfinished() {
    SharedJoinableQueue<String> queue = server.connect().joinableQueue("interrupted-join");

    throwsAtOnce(queue::join);
    queue.add("task");
    throwsAtOnce(queue::join);
    throwsAtOnce(() -> queue.join(0, TimeUnit.SECONDS));

    assertThat(queue.unfinishedTasks()).isEqualTo(1);
  }

  @Test
  void lockInterruptiblyAndTimedTryLock_calledInterrupted_throw_andLeaveTheLockFree() {
    for (SharedLock lock :
        List.of(
            server.connect().lock("interrupted-lock"), server.connect().rlock("interrupted-r"))) {
      throwsAtOnce(lock::lockInterruptibly);
      throwsAtOnce(() -> lock.tryLock(0, TimeUnit.SECONDS));
      throwsAtOnce(() -> lock.tryLock(10, TimeUnit.SECONDS));

      assertThat(lock.isLocked()).isFalse();
    }
  }

  @Test
  void lock_calledInterrupted_takesTheLockAnyway_andKeepsTheFlag() {
    SharedLock lock = server.connect().lock("uninterruptible");

    Thread.currentThread().interrupt();
    try {
      lock.lock();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }

    assertThat(lock.isLocked()).isTrue();
    lock.unlock();
  }

  @Test
  void timedTryLock_interruptedWhileWaiting_throws_andNeverTakesTheLock() throws Exception {
    SharedLock holder = server.connect().lock("interrupted-waiter");
    SharedLock waiter = server.connect().lock("interrupted-waiter");
    holder.lock();

    Object outcome =
        interruptWhile(() -> waiter.tryLock(30, TimeUnit.SECONDS), () -> holder.queueLength() == 1);

    assertThat(outcome).isInstanceOf(InterruptedException.class);
    holder.unlock();
    assertThat(holder.isLocked()).isFalse();
  }

  @Test
  void awaits_calledInterrupted_throw_andKeepTheLock() {
    SharedCondition condition = server.connect().condition("interrupted-condition");
    condition.lock().lock();

    throwsAtOnce(condition::await);
    throwsAtOnce(() -> condition.await(0, TimeUnit.SECONDS));

    assertThat(condition.lock().holdCount()).isEqualTo(1);
    condition.lock().unlock();
  }

  @Test
  void acquires_calledInterrupted_throw_andTakeNoPermit() throws Exception {
    SharedSemaphore semaphore = server.connect().semaphore("interrupted-semaphore", 1);

    throwsAtOnce(semaphore::acquire);
    throwsAtOnce(() -> semaphore.tryAcquire(0, TimeUnit.SECONDS));
    throwsAtOnce(() -> semaphore.tryAcquire(10, TimeUnit.SECONDS));

    assertThat(semaphore.availablePermits()).isEqualTo(1);
    Object outcome =
        interruptWhile(
            () -> semaphore.tryAcquire(2, 30, TimeUnit.SECONDS),
            () -> semaphore.queueLength() == 1);
    assertThat(outcome).isInstanceOf(InterruptedException.class);
    assertThat(semaphore.availablePermits()).isEqualTo(1);
  }

  @Test
  void eventWaits_calledInterrupted_throw_evenWhenTheFlagIsSet() throws Exception {
    SharedEvent event = server.connect().event("interrupted-event");

    throwsAtOnce(event::await);
    throwsAtOnce(() -> event.await(0, TimeUnit.SECONDS));
    Object outcome = interruptWhile(event::await, () -> event.waiting() == 1);
    assertThat(outcome).isInstanceOf(InterruptedException.class);
    event.set();
    throwsAtOnce(event::await);

    assertThat(event.waiting()).isZero();
  }

  @Test
  void barrierAwaits_calledInterrupted_throw_andLeaveTheBarrierWhole() throws Exception {
    SharedBarrier barrier = server.connect().barrier("interrupted-barrier", 2);

    throwsAtOnce(barrier::await);
    throwsAtOnce(() -> barrier.await(0, TimeUnit.SECONDS));

    assertThat(barrier.isBroken()).isFalse();
    assertThat(barrier.waiting()).isZero();
    Object outcome = interruptWhile(barrier::await, () -> barrier.waiting() == 1);
    assertThat(outcome).isInstanceOf(InterruptedException.class);
    assertThat(barrier.isBroken()).as("a party interrupted while waiting breaks it").isTrue();
    assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class);
  }

  @Test
  void pipeReceives_calledInterrupted_throw_andLeaveTheValueInThePipe() throws Exception {
    SharedPipe<String> pipe = server.connect().pipe("interrupted-pipe");
    pipe.second().send("kept");
    SharedPipe.Connection<String> receiver = pipe.first();

    throwsAtOnce(receiver::recv);
    throwsAtOnce(() -> receiver.recv(0, TimeUnit.SECONDS));
    throwsAtOnce(() -> receiver.poll(0, TimeUnit.SECONDS));

    assertThat(receiver.poll()).isTrue();
    assertThat(receiver.recv(0, TimeUnit.SECONDS)).isEqualTo("kept");
  }

  @Test
  void pipeRecv_interruptedWhileWaiting_throws_andTheNextValueStaysForTheNextReceiver()
      throws Exception {
    SharedPipe<String> pipe = server.connect().pipe("interrupted-recv");
    SharedPipe.Connection<String> receiver = pipe.first();

    Object outcome =
        interruptWhile(() -> receiver.recv(30, TimeUnit.SECONDS), () -> server.parkedCalls() == 1);

    assertThat(outcome).isInstanceOf(InterruptedException.class);
    pipe.second().send("next");
    assertThat(receiver.recv(10, TimeUnit.SECONDS)).isEqualTo("next");
  }

  /** A blocking call; what it returns does not matter here. */
  private interface Blocking {
    void run() throws Exception;
  }

  /** Calls {@code call} with this thread's interrupt flag set; it must throw and clear the flag. */
  private static void throwsAtOnce(Blocking call) {
    Thread.currentThread().interrupt();
    try {
      call.run();
      throw new AssertionError("returned instead of throwing InterruptedException");
    } catch (InterruptedException expected) {
      assertThat(Thread.currentThread().isInterrupted()).as("flag after the exception").isFalse();
    } catch (Exception e) {
      throw new AssertionError("threw " + e + " instead of InterruptedException", e);
    } finally {
      Thread.interrupted();
    }
  }

  /** Whether a taker is parked on {@code queue}. */
  private static boolean parked(SharedQueue<?> queue) {
    return queue.waitingConsumers() == 1;
  }

  /**
   * Runs {@code call} on a new thread and interrupts it once {@code parked} says, from the server's
   * own state, that the call waits there; returns what the call returned or threw. The tests here
   * leave no call parked behind them: each is answered, or cancelled before its caller returns.
   */
  private static Object interruptWhile(Blocking call, BooleanSupplier parked) throws Exception {
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                call.run();
                outcome.complete("returned");
              } catch (Exception e) {
                outcome.complete(e);
              }
            });
    thread.setDaemon(true);
    thread.start();
    await().atMost(BOUND).until(parked::getAsBoolean);
    thread.interrupt();
    return outcome.get(BOUND.toSeconds(), TimeUnit.SECONDS);
  }
}
