package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/** A cluster of three daemons as real processes, whose leader is killed, stopped and restarted. */
class ClusterIT {
  private static final String KEY = "cluster-key";

  private final Daemons daemons = new Daemons();
  private final List<Daemons.Daemon> members = new ArrayList<>();
  private final int[] clientPorts = new int[3];
  private String peers;

  @TempDir Path folder;

  @BeforeEach
  void startThreeMembers() throws IOException {
    int[] raftPorts = new int[3];
    for (int i = 0; i < 3; i++) {
      raftPorts[i] = freePort();
      clientPorts[i] = freePort();
    }
    peers =
        IntStream.range(0, 3)
            .mapToObj(i -> "n" + (i + 1) + "=127.0.0.1:" + raftPorts[i] + ":" + clientPorts[i])
            .collect(Collectors.joining(","));
    for (int i = 0; i < 3; i++) {
      members.add(startMember(i));
    }
    for (Daemons.Daemon member : members) {
      member.awaitReadyPort();
    }
  }

  /** What each member printed, when a test fails. */
  @RegisterExtension
  final TestWatcher printMembers =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          for (int i = 0; i < members.size(); i++) {
            System.out.println("--- member n" + (i + 1) + "\n" + members.get(i).printed());
          }
        }
      };

  @AfterEach
  void stopEverything() {
    daemons.close();
  }

  @Test
  void writesAcknowledgedByALeaderKilledWithSigkill_areAllReadFromTheNextLeader() throws Exception {
    int leader;
    try (Manager manager = connectToLeader()) {
      leader = memberAt(manager);
      SharedDict<Integer, String> dict = manager.dict("acknowledged");
      for (int i = 0; i < 200; i++) {
        dict.put(i, "value " + i);
      }
      manager.value("counter", 0L).set(200L);
      members.get(leader).kill();
    }

    try (Manager manager = connectToLeader()) {
      assertThat(memberAt(manager)).isNotEqualTo(leader);
      SharedDict<Integer, String> dict = manager.dict("acknowledged");
      assertThat(dict).hasSize(200);
      for (int i = 0; i < 200; i++) {
        assertThat(dict.get(i)).isEqualTo("value " + i);
      }
      assertThat(manager.<Long>value("counter", 0L).get()).isEqualTo(200L);
    }
  }

  @Test
  void aClientGivenOnlyAFollowersAddress_isSentToTheLeader() throws Exception {
    try (Manager manager = connectToLeader()) {
      int leader = memberAt(manager);
      int follower = (leader + 1) % 3;
      try (Manager sent = connect(clientPorts[follower])) {
        assertThat(memberAt(sent)).isEqualTo(leader);
        assertThat(sent.address()).isEqualTo("127.0.0.1:" + clientPorts[follower]);
        Admin.ClusterInfo cluster = sent.admin().cluster();
        assertThat(cluster.leader()).isEqualTo("n" + (leader + 1));
        assertThat(cluster.term()).isPositive();
        assertThat(cluster.members())
            .containsExactly(
                "n1=127.0.0.1:" + clientPorts[0],
                "n2=127.0.0.1:" + clientPorts[1],
                "n3=127.0.0.1:" + clientPorts[2]);
      }
    }
  }

  @Test
  void aKilledMemberRestarted_catchesUp_andLeadsWithEveryWrite_whenTheOthersAreGone()
      throws Exception {
    int leader;
    int restarted;
    try (Manager manager = connectToLeader()) {
      leader = memberAt(manager);
      restarted = (leader + 1) % 3;
      manager.<String>queue("jobs").put("before");
      members.get(restarted).kill();
      for (int i = 0; i < 50; i++) {
        manager.<String>queue("jobs").put("while down " + i);
      }
      members.set(restarted, startMember(restarted));
      members.get(restarted).awaitReadyPort();
      manager.<String>queue("jobs").put("after");
    }
    // the restarted member has everything once the third one is gone and it must lead or vote
    int third = 3 - leader - restarted;
    members.get(third).kill();

    // the leader may lose its quorum while the restarted member catches up, and drop its clients
    assertThat(
            await()
                .atMost(120, TimeUnit.SECONDS)
                .ignoreExceptionsInstanceOf(ManagerException.class)
                .until(this::sizeAndHeadOfJobs, result -> result != null))
        .containsExactly(52, "before");
  }

  private List<Object> sizeAndHeadOfJobs() {
    try (Manager manager = connectToLeader()) {
      SharedQueue<String> jobs = manager.queue("jobs");
      return List.of(jobs.size(), jobs.peek());
    }
  }

  @Test
  void aLeaderStoppedWhileOthersWrite_neverAnswersAReadFromItsOldState() throws Exception {
    Manager stale = connectToLeader();
    int leader = memberAt(stale);
    try {
      SharedDict<String, Integer> dict = stale.dict("register");
      dict.put("x", 1);
      members.get(leader).signal("STOP");
      try (Manager manager = connectToLeader()) {
        manager.<String, Integer>dict("register").put("x", 2);
      }
      CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> dict.get("x"));
      members.get(leader).signal("CONT");
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
    try (Manager holder = connectToLeader()) {
      Lock lock = holder.lock("held");
      lock.lock();
      SharedQueue<String> inbox = holder.queue("inbox");
      CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> take(inbox));
      await().atMost(60, TimeUnit.SECONDS).until(() -> inbox.waitingConsumers() == 1);

      members.get(memberAt(holder)).kill();

      try (Manager other = connectToLeader()) {
        assertThat(other.lock("held").tryLock()).isFalse();
        other.<String>queue("inbox").put("for the holder");
        assertThat(taken.get(120, TimeUnit.SECONDS)).isEqualTo("for the holder");
        lock.unlock();
        assertThat(other.lock("held").tryLock()).isTrue();
      }
    }
  }

  @Test
  void itemsTakenWhileTheLeaderIsKilled_areEachDeliveredExactlyOnce() throws Exception {
    int count = 400;
    try (Manager producer = connectToLeader()) {
      SharedQueue<Integer> jobs = producer.queue("jobs");
      for (int i = 0; i < count; i++) {
        jobs.put(i);
      }
    }
    try (Manager consumer = connectToLeader()) {
      SharedQueue<Integer> jobs = consumer.queue("jobs");
      List<Integer> taken = new ArrayList<>();
      for (int i = 0; i < count / 4; i++) {
        taken.add(jobs.poll());
      }
      CompletableFuture<Void> killed =
          CompletableFuture.runAsync(
              () -> {
                try {
                  members.get(memberAt(consumer)).kill();
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

  private static String take(SharedQueue<String> queue) {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Connects with every member's address, which reaches whichever leads. */
  private Manager connectToLeader() {
    String all =
        IntStream.of(clientPorts)
            .mapToObj(port -> "127.0.0.1:" + port)
            .collect(Collectors.joining(","));
    return await()
        .atMost(120, TimeUnit.SECONDS)
        .ignoreExceptionsInstanceOf(ManagerException.class)
        .until(
            () ->
                Manager.builder()
                    .addresses(all)
                    .authkey(KEY.getBytes(StandardCharsets.UTF_8))
                    .connectTimeout(Duration.ofSeconds(15))
                    .connect(),
            manager -> manager != null);
  }

  /** The member a manager is connected to. */
  private int memberAt(Manager manager) {
    for (int i = 0; i < 3; i++) {
      if (clientPorts[i] == manager.port()) {
        return i;
      }
    }
    throw new AssertionError("connected to no member: " + manager.port());
  }

  private Daemons.Daemon startMember(int index) throws IOException {
    return daemons.start(
        List.of(
            "--port",
            String.valueOf(clientPorts[index]),
            "--data-dir",
            folder.resolve("n" + (index + 1)).toString(),
            "--node-id",
            "n" + (index + 1),
            "--peers",
            peers),
        Map.of("JMANAGER_AUTHKEY", KEY));
  }

  private static Manager connect(int port) {
    return Manager.builder()
        .address("127.0.0.1", port)
        .authkey(KEY.getBytes(StandardCharsets.UTF_8))
        .connectTimeout(Duration.ofSeconds(5))
        .connect();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
