package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real client JVMs sharing objects through one server, as the Python seeds do. */
class CrossProcessIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  /**
   * The seed's fifty-process counter, at a fifth of its size: the demo's DictCounter runs it whole.
   */
  @Test
  void tenJvmsDecrementingACounterAtOnce_leaveExactlyNinety() throws Exception {
    Manager manager = server.connect();
    Map<String, Integer> dict = manager.dict("counter");
    dict.put("count", 100);
    List<JvmProcess> children = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      children.add(start(manager, Children.Decrement.class, "counter"));
    }

    joinAll(children);

    assertThat(dict.get("count")).isEqualTo(90);
  }

  @Test
  void fourProducersAndFourConsumers_deliverEveryItemExactlyOnce() throws Exception {
    Manager manager = server.connect();
    SharedQueue<String> queue = manager.queue("work", 10);
    List<JvmProcess> producers = new ArrayList<>();
    List<JvmProcess> consumers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      producers.add(start(manager, Children.Producer.class, "work", "p" + i, "250"));
      consumers.add(start(manager, Children.Consumer.class, "work", "taken"));
    }

    joinAll(producers);
    for (int i = 0; i < 4; i++) {
      queue.put("stop");
    }
    joinAll(consumers);

    List<String> expected = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      for (int i = 0; i < 250; i++) {
        expected.add("p" + p + "-" + i);
      }
    }
    assertThat(manager.<String>list("taken")).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(queue).isEmpty();
  }

  @Test
  void takerKilledWhileBlocked_losesNoItem_theNextGoesToALiveConsumer() throws Exception {
    Manager manager = server.connect();
    SharedQueue<String> queue = manager.queue("victim-q");
    JvmProcess doomed = start(manager, Children.Waiter.class, "victim");
    await().atMost(60, TimeUnit.SECONDS).until(() -> queue.waitingConsumers() == 1);

    doomed.kill();
    assertThat(doomed.join(Duration.ofSeconds(30))).isTrue();
    await().atMost(10, TimeUnit.SECONDS).until(() -> queue.waitingConsumers() == 0);
    queue.put("precious");

    assertThat(queue.poll(10, TimeUnit.SECONDS)).isEqualTo("precious");
  }

  @Test
  void valueWrittenInAChildJvm_readsInTheParent_whateverTheRegistrationOrder() throws Exception {
    Manager manager =
        server.track(
            Manager.builder()
                .address("127.0.0.1", server.port())
                .authkey(ServerExtension.KEY)
                .register(Children.Point.class)
                .register(Children.Label.class)
                .connect());

    joinAll(List.of(start(manager, Children.RecordWriter.class, "records")));

    assertThat(
            manager.<Children.Point, Children.Label>dict("records").get(new Children.Point(3, 4)))
        .isEqualTo(new Children.Label("from a child"));
  }

  @Test
  void lockHolderKilled_releasesTheLockToTheNextWaiterAtOnce() throws Exception {
    Manager manager = server.connect();
    SharedLock lock = manager.lock("held");
    JvmProcess holder = start(manager, Children.LockHolder.class, "held");
    await().atMost(60, TimeUnit.SECONDS).until(() -> manager.dict("held-pid").containsKey("pid"));
    CompletableFuture<Long> acquiredAt = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              lock.lock();
              acquiredAt.complete(System.nanoTime());
            });
    waiter.start();
    await().until(() -> lock.queueLength() == 1);
    long killedAt = System.nanoTime();

    holder.kill();

    long latency = acquiredAt.get(10, TimeUnit.SECONDS) - killedAt;
    assertThat(lock.holdCount()).isZero();
    assertThat(lock.isLocked()).isTrue();
    System.out.printf("lock released %.1f ms after SIGKILL of its holder%n", latency / 1e6);
  }

  @Test
  void permitHolderKilled_returnsItsPermitsToTheWaiters() throws Exception {
    Manager manager = server.connect();
    SharedSemaphore semaphore = manager.semaphore("permits", 2);
    JvmProcess holder = start(manager, Children.PermitHolder.class, "permits");
    await()
        .atMost(60, TimeUnit.SECONDS)
        .until(() -> manager.dict("permits-pid").containsKey("pid"));
    assertThat(semaphore.availablePermits()).isZero();

    holder.kill();

    assertThat(semaphore.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void consumerKilledBeforeTaskDone_itsItemGoesToTheNextConsumer_andJoinStillCompletes()
      throws Exception {
    Manager manager = server.connect();
    SharedJoinableQueue<String> queue = manager.joinableQueue("pipeline");
    queue.put("job");
    JvmProcess consumer = start(manager, Children.UnfinishedConsumer.class, "pipeline");
    await()
        .atMost(60, TimeUnit.SECONDS)
        .until(() -> manager.dict("pipeline-taken").containsKey("item"));
    assertThat(queue).isEmpty();

    consumer.kill();

    assertThat(queue.poll(10, TimeUnit.SECONDS)).isEqualTo("job");
    queue.taskDone();
    assertThat(queue.join(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void partyKilledWhileWaiting_breaksTheBarrierForTheOthers() throws Exception {
    Manager manager = server.connect();
    SharedBarrier barrier = manager.barrier("gather", 3);
    JvmProcess party = start(manager, Children.BarrierParty.class, "gather");
    await().atMost(60, TimeUnit.SECONDS).until(() -> barrier.waiting() == 1);
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                barrier.await();
                outcome.complete(null);
              } catch (Exception e) {
                outcome.complete(e);
              }
            });
    waiter.start();
    await().until(() -> barrier.waiting() == 2);

    party.kill();

    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isInstanceOf(java.util.concurrent.BrokenBarrierException.class);
  }

  @Test
  void rlockHeldTwiceByAKilledJvm_isReleasedCompletely() throws Exception {
    Manager manager = server.connect();
    SharedLock rlock = manager.rlock("twice");
    JvmProcess holder = start(manager, Children.RlockHolder.class, "twice");
    await().atMost(60, TimeUnit.SECONDS).until(() -> manager.dict("twice-pid").containsKey("pid"));
    assertThat(rlock.isLocked()).isTrue();

    holder.kill();

    assertThat(rlock.tryLock(10, TimeUnit.SECONDS)).isTrue();
    assertThat(rlock.holdCount()).isEqualTo(1);
    rlock.unlock();
  }

  @Test
  void conditionAndEventWaitersKilled_areForgotten_andNothingElseChanges() throws Exception {
    Manager manager = server.connect();
    SharedCondition condition = manager.condition("watched");
    SharedEvent event = manager.event("watched-event");
    JvmProcess waiter = start(manager, Children.ConditionAndEventWaiter.class, "watched");
    await()
        .atMost(60, TimeUnit.SECONDS)
        .until(() -> condition.waiting() == 1 && event.waiting() == 1);
    assertThat(condition.lock().isLocked()).isFalse();

    waiter.kill();

    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> condition.waiting() == 0 && event.waiting() == 0);
    assertThat(condition.lock().isLocked()).isFalse();
    assertThat(event.isSet()).isFalse();
    try (SharedLock.Held held = condition.lock().locked()) {
      condition.signalAll();
    }
  }

  private static JvmProcess start(Manager manager, Class<?> main, String... args) {
    return JvmProcess.builder(main)
        .manager(manager)
        .daemon(true)
        .jvmOptions(Children.FAST_START)
        .args(args)
        .start();
  }

  private static void joinAll(List<JvmProcess> children) throws InterruptedException {
    for (JvmProcess child : children) {
      assertThat(child.join(Duration.ofMinutes(3))).as("%s finished", child).isTrue();
      assertThat(child.exitCode()).as("%s exit code", child).hasValue(0);
    }
  }
}
