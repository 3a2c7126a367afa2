package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of three daemons as real processes whose members snapshot often and remove the log
 * their snapshots cover, so that a member that lost its disk can only be brought back by the
 * leader's snapshot.
 */
class ClusterSnapshotIT {
  /** Entries written before a member loses its disk: past the first removal of old log files. */
  private static final int WRITES = 1_200;

  /** A closed log file's name, with the first index it holds, or the open file's. */
  private static final Pattern SEGMENT = Pattern.compile("log_(?:inprogress_)?(\\d+)(?:-\\d+)?");

  private Cluster cluster;

  /** How often the members snapshot, when they start next. */
  private String snapshotEvery = "100";

  @TempDir Path folder;

  @BeforeEach
  void startThreeMembersThatSnapshotOften() throws IOException {
    cluster =
        new Cluster(
                folder, index -> List.of("--snapshot-every", "100", "--log-segment-bytes", "16384"))
            .start();
  }

  /** What each member printed, when a test fails. */
  @RegisterExtension final TestWatcher printMembers = Cluster.printedOnFailure(() -> cluster);

  @AfterEach
  void stopEverything() {
    cluster.close();
  }

  @Test
  void aMemberWhoseDiskIsLost_getsTheLeadersSnapshot_andEndsInTheSameStateAsTheOthers()
      throws Exception {
    int leader;
    int lost;
    try (Manager manager = cluster.connectToLeader()) {
      leader = cluster.memberAt(manager);
      lost = (leader + 1) % 3;
      SharedDict<Integer, String> dict = manager.dict("d");
      for (int i = 0; i < WRITES; i++) {
        dict.put(i, "value " + i);
      }
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> firstLogIndex(leader), first -> first.isPresent() && first.getAsLong() > 0);

      cluster.member(lost).kill();
      deleteTree(cluster.directory(lost));
      cluster.restart(lost);
      assertThat(cluster.member(lost).printed()).contains("starts with an empty log");
      // the leader still counts on the log the lost member acknowledged; the next one will not
      assertThat(manager.admin().stepDown()).contains("n" + (leader + 1));
      dict.put(-1, "after the loss");
      awaitEveryMemberAtTheLeadersIndex(manager);
    }
    assertThat(snapshotsIn(cluster.directory(lost))).isNotEmpty();
    assertThat(firstLogIndex(lost).orElseThrow()).isPositive();

    // the two members that kept their disks gone in turn, the restored one must vote or lead
    int other = 3 - leader - lost;
    cluster.member(other).kill();
    try (Manager manager = cluster.connectToLeader()) {
      manager.<Integer, String>dict("d").put(-2, "with the restored member");
    }
    cluster.restart(other);
    cluster.member(leader).kill();
    try (Manager manager = cluster.connectToLeader()) {
      Map<Integer, String> dict = new HashMap<>(manager.<Integer, String>dict("d"));
      assertThat(dict).hasSize(WRITES + 2).containsEntry(-2, "with the restored member");
      for (int i = 0; i < WRITES; i++) {
        assertThat(dict).containsEntry(i, "value " + i);
      }
    }
    // the state each member's log leads to, compared where every log has every entry; snapshots
    // stop first, so that none of them lies beyond the entries the others have
    cluster.killAll();
    snapshotEvery = "1000000";
    for (int i = 0; i < 3; i++) {
      cluster.restart(i);
    }
    try (Manager manager = cluster.connectToLeader()) {
      manager.<Integer, String>dict("d").put(-3, "last");
      awaitEveryMemberAtTheLeadersIndex(manager);
    }
    cluster.killAll();

    assertThat(cluster.digests()).hasSize(1);
  }

  /**
   * Waits until every member has committed what the leader had committed when asked, as AdminTool
   * cluster shows. (Each question's acknowledgement is an entry, so the leader is always ahead.)
   */
  private static void awaitEveryMemberAtTheLeadersIndex(Manager manager) {
    Admin.ClusterInfo asked = manager.admin().cluster();
    long target = asked.committed().get(asked.leader());
    await()
        .atMost(60, TimeUnit.SECONDS)
        .until(
            () -> manager.admin().cluster().committed(),
            committed ->
                committed.size() == 3
                    && committed.values().stream().allMatch(index -> index >= target));
  }

  /** The first index of member {@code index}'s log on disk, if it has any log file. */
  private OptionalLong firstLogIndex(int index) throws IOException {
    try (Stream<Path> files = Files.walk(cluster.directory(index))) {
      return files
          .map(file -> SEGMENT.matcher(file.getFileName().toString()))
          .filter(Matcher::matches)
          .mapToLong(name -> Long.parseLong(name.group(1)))
          .min();
    }
  }

  private static List<Path> snapshotsIn(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(file -> file.getFileName().toString().matches("snapshot\\.\\d+_\\d+"))
          .toList();
    }
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              file -> {
                try {
                  Files.delete(file);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
