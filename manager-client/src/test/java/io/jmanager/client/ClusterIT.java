package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/** A cluster of three daemons as real processes, whose leader is killed, stopped and restarted. */
class ClusterIT {
  private Cluster cluster;

  @TempDir Path folder;

  @BeforeEach
  void startThreeMembers() throws IOException {
    cluster = new Cluster(folder, index -> List.of()).start();
  }

  /** What each member printed, when a test fails. */
  @RegisterExtension final TestWatcher printMembers = Cluster.printedOnFailure(() -> cluster);

  @AfterEach
  void stopEverything() {
    cluster.close();
  }

  @Test
  void writesAcknowledgedByALeaderKilledWithSigkill_areAllReadFromTheNextLeader() throws Exception {
    int leader;
    try (Manager manager = cluster.connectToLeader()) {
      leader = cluster.memberAt(manager);
      SharedDict<Integer, String> dict = manager.dict("acknowledged");
      for (int i = 0; i < 200; i++) {
        dict.put(i, "value " + i);
      }
      manager.value("counter", 0L).set(200L);
      cluster.member(leader).kill();
    }

    try (Manager manager = cluster.connectToLeader()) {
      assertThat(cluster.memberAt(manager)).isNotEqualTo(leader);
      SharedDict<Integer, String> dict = manager.dict("acknowledged");
      assertThat(dict).hasSize(200);
      for (int i = 0; i < 200; i++) {
        assertThat(dict.get(i)).isEqualTo("value " + i);
      }
      assertThat(manager.<Long>value("counter", 0L).get()).isEqualTo(200L);
    }
  }

  @Test
  void aLeaderStoppedWhileOthersWrite_neverAnswersAReadFromItsOldState() throws Exception {
    Manager stale = cluster.connectToLeader();
    int leader = cluster.memberAt(stale);
    try {
      SharedDict<String, Integer> dict = stale.dict("register");
      dict.put("x", 1);
      cluster.member(leader).signal("STOP");
      try (Manager manager = cluster.connectToLeader()) {
        manager.<String, Integer>dict("register").put("x", 2);
      }
      CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> dict.get("x"));
      cluster.member(leader).signal("CONT");
      // it answers with the newer value, or fails since its server no longer leads
      Integer seen;
      try {
        seen = read.get(120, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(ManagerException.class);
        return;
      }
      assertThat(seen).isEqualTo(2);
    } finally {
      stale.close();
    }
  }

  @Test
  void aClientKeepsItsLockAndItsParkedTake_acrossAKillOfItsLeader() throws Exception {
    try (Manager holder = cluster.connectToLeader()) {
      Lock lock = holder.lock("held");
      lock.lock();
      SharedQueue<String> inbox = holder.queue("inbox");
      CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> take(inbox));
      await().atMost(60, TimeUnit.SECONDS).until(() -> inbox.waitingConsumers() == 1);

      cluster.member(cluster.memberAt(holder)).kill();

      try (Manager other = cluster.connectToLeader()) {
        assertThat(other.lock("held").tryLock()).isFalse();
        other.<String>queue("inbox").put("for the holder");
        assertThat(taken.get(120, TimeUnit.SECONDS)).isEqualTo("for the holder");
        lock.unlock();
        assertThat(other.lock("held").tryLock()).isTrue();
      }
    }
  }

  @Test
  void timedWaitsAroundAKillOfTheLeader_eachTimeOut_noneHangs() throws Exception {
    try (Manager waiter = cluster.connectToLeader()) {
      SharedEvent never = waiter.event("never set");
      int leader = cluster.memberAt(waiter);
      ExecutorService caller = Executors.newSingleThreadExecutor();
      try {
        for (int round = 0; round < 6; round++) {
          Future<Boolean> waited = caller.submit(() -> never.await(1, TimeUnit.SECONDS));
          if (round == 2) {
            await().atMost(60, TimeUnit.SECONDS).until(() -> parked(waiter) == 1);
            cluster.member(leader).kill();
          }
          // well within the client's call timeout: a wait that the next leader did not time out
          // would hang until then
          assertThat(waited.get(20, TimeUnit.SECONDS)).as("wait %d", round).isFalse();
        }
      } finally {
        caller.shutdownNow();
      }
    }
  }

  private static int parked(Manager manager) {
    return manager.admin().sessions().stream().mapToInt(Admin.SessionInfo::parkedCalls).sum();
  }

  @Test
  void itemsTakenWhileTheLeaderIsKilled_areEachDeliveredExactlyOnce() throws Exception {
    int count = 400;
    try (Manager producer = cluster.connectToLeader()) {
      SharedQueue<Integer> jobs = producer.queue("jobs");
      for (int i = 0; i < count; i++) {
        jobs.put(i);
      }
    }
    try (Manager consumer = cluster.connectToLeader()) {
      SharedQueue<Integer> jobs = consumer.queue("jobs");
      List<Integer> taken = new ArrayList<>();
      for (int i = 0; i < count / 4; i++) {
        taken.add(jobs.poll());
      }
      CompletableFuture<Void> killed =
          CompletableFuture.runAsync(
              () -> {
                try {
                  cluster.member(cluster.memberAt(consumer)).kill();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      Integer next;
      while ((next = jobs.poll()) != null) {
        taken.add(next);
      }
      killed.get(60, TimeUnit.SECONDS);
      while ((next = jobs.poll()) != null) {
        taken.add(next);
      }

      assertThat(taken).hasSize(count).doesNotHaveDuplicates();
      assertThat(taken)
          .containsExactlyInAnyOrderElementsOf(IntStream.range(0, count).boxed().toList());
    }
  }

  @Test
  void everyMember_appliesTheSameLog_toTheSameState() throws Exception {
    try (Manager manager = cluster.connectToLeader();
        Manager other = cluster.connectToLeader()) {
      SharedDict<Integer, String> dict = manager.dict("d");
      SharedQueue<Integer> queue = manager.queue("q");
      Lock lock = manager.lock("l");
      for (int i = 0; i < 100; i++) {
        dict.put(i % 10, "v" + i);
        queue.put(i);
        if (i % 3 == 0) {
          queue.poll();
        }
        lock.lock();
        lock.unlock();
      }
      int follower = (cluster.memberAt(manager) + 1) % 3;
      cluster.member(follower).kill();
      assertThat(other.<Integer>queue("empty").poll(50, TimeUnit.MILLISECONDS)).isNull();
      other.<Integer>queue("q").drainTo(new ArrayList<>(), 10);
      cluster.restart(follower);
      manager.value("after", 0L).set(1L);
    }
    try (Manager manager = cluster.connectToLeader()) {
      manager.<Integer, String>dict("d").put(-1, "last");
    }
    cluster.killAll();

    assertThat(cluster.digests()).hasSize(1);
  }

  private static String take(SharedQueue<String> queue) {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
