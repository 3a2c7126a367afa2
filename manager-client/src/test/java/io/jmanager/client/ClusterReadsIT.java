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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of three daemons as real processes, none of them harmed: its tests share it, each with
 * objects of its own.
 */
class ClusterReadsIT {
  private static Cluster cluster;

  @TempDir static Path folder;

  @BeforeAll
  static void startThreeMembers() throws IOException {
    cluster = new Cluster(folder, index -> List.of()).start();
  }

  /** What each member printed, when a test fails. */
  @RegisterExtension
  static final TestWatcher printMembers = Cluster.printedOnFailure(() -> cluster);

  @AfterAll
  static void stopEverything() {
    cluster.close();
  }

  /**
   * Many linearizable reads and writes at once: a leader that called back into Ratis from the
   * thread on which Ratis confirmed a read round deadlocked within seconds of such a load.
   */
  @Test
  void sixteenThreadsWritingAndReadingAtOnce_eachReadsItsOwnLatestWrite() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (Manager manager = cluster.connectToLeader()) {
      SharedDict<Integer, Integer> dict = manager.dict("busy");
      List<Future<?>> threads = new ArrayList<>();
      for (int thread = 0; thread < 16; thread++) {
        int key = thread;
        threads.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    dict.put(key, i);
                    assertThat(dict.get(key)).isEqualTo(i);
                  }
                }));
      }
      for (Future<?> thread : threads) {
        thread.get(5, TimeUnit.MINUTES);
      }
      assertThat(dict).hasSize(16).allSatisfy((key, value) -> assertThat(value).isEqualTo(99));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Calls pipelined on one connection take effect in the order sent, as on a single server: a read
   * waiting for its ReadIndex round is not overtaken by the writes its session sent after it.
   */
  @Test
  void aPipelinedReadBetweenItsOwnWrites_seesThoseBefore_notThoseAfter() throws Exception {
    try (Manager manager = cluster.connectToLeader()) {
      SharedDict<Integer, Integer> dict = manager.dict("pipelined");
      List<CompletableFuture<Integer>> reads = new ArrayList<>();
      List<CompletableFuture<Integer>> firstReads = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        // a read with nothing of its session before it, then a write
        firstReads.add(dict.async().get(1));
        dict.async().put(1, i);
        dict.async().put(0, i);
        reads.add(dict.async().get(0));
        // sent after the read: the read must not see it
        dict.async().put(0, -1);
      }
      for (int i = 0; i < 200; i++) {
        assertThat(reads.get(i).get(2, TimeUnit.MINUTES)).as("read %d", i).isEqualTo(i);
        assertThat(firstReads.get(i).get(2, TimeUnit.MINUTES))
            .as("first read %d", i)
            .isEqualTo(i == 0 ? null : i - 1);
      }
    }
  }

  @Test
  void aClientGivenOnlyAFollowersAddress_isSentToTheLeader_whichKnowsEveryMembersCommitIndex()
      throws Exception {
    try (Manager manager = cluster.connectToLeader()) {
      int leader = cluster.memberAt(manager);
      int follower = (leader + 1) % 3;
      try (Manager sent = Cluster.connect("127.0.0.1:" + cluster.clientPort(follower))) {
        assertThat(cluster.memberAt(sent)).isEqualTo(leader);
        assertThat(sent.address()).isEqualTo("127.0.0.1:" + cluster.clientPort(follower));
        Admin.ClusterInfo info = sent.admin().cluster();
        assertThat(info.leader()).isEqualTo("n" + (leader + 1));
        assertThat(info.term()).isPositive();
        assertThat(info.members())
            .containsExactly(
                "n1=127.0.0.1:" + cluster.clientPort(0),
                "n2=127.0.0.1:" + cluster.clientPort(1),
                "n3=127.0.0.1:" + cluster.clientPort(2));
        manager.<String>queue("committed").put("written");
        long written = sent.admin().cluster().committed().get(info.leader());
        assertThat(written).isPositive();
        await()
            .atMost(60, TimeUnit.SECONDS)
            .untilAsserted(
                () ->
                    assertThat(sent.admin().cluster().committed())
                        .containsOnlyKeys("n1", "n2", "n3")
                        .allSatisfy(
                            (member, index) -> assertThat(index).isGreaterThanOrEqualTo(written)));
      }
    }
  }
}
