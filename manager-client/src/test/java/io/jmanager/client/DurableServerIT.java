package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.QueueOp;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable daemon ({@code --data-dir}) as a real process, killed with SIGKILL and restarted. */
class DurableServerIT {
  private static final String KEY = "durable-key";

  private final Daemons daemons = new Daemons();

  @TempDir Path folder;

  @AfterEach
  void stopEverything() {
    daemons.close();
  }

  @Test
  void sigkillDuringWritesFromThreeJvms_losesNoAcknowledgedWrite_andAppliesNoneTwice()
      throws Exception {
    // a short lease: the writers try to resume for twice it, then end with what was acknowledged
    Daemons.Daemon first = start(0, "--session-lease-seconds", "2");
    int port = first.awaitReadyPort();
    List<JvmProcess> writers = new ArrayList<>();
    List<Path> acks = new ArrayList<>();
    try (Manager manager = connect(port)) {
      for (int w = 0; w < 3; w++) {
        Path ack = Files.createFile(folder.resolve("acks-" + w));
        acks.add(ack);
        writers.add(
            JvmProcess.builder(Children.DurableWriter.class)
                .manager(manager)
                .daemon(true)
                .jvmOptions(Children.FAST_START)
                .args("w" + w, ack.toString())
                .start());
      }
      for (Path ack : acks) {
        await().atMost(3, TimeUnit.MINUTES).until(() -> acknowledged(ack).size() >= 50);
      }

      first.kill();
    }
    for (JvmProcess writer : writers) {
      assertThat(writer.join(Duration.ofMinutes(2))).as("%s ended", writer).isTrue();
    }

    start(port).awaitReadyPort();

    try (Manager manager = connect(port)) {
      Map<String, Integer> dict = manager.dict("durable");
      List<String> log = manager.list("durable-log");
      List<String> logged = new ArrayList<>(log);
      assertThat(new HashSet<>(logged)).as("nothing applied twice").hasSize(logged.size());
      Set<String> loggedSet = new HashSet<>(logged);
      for (int w = 0; w < 3; w++) {
        List<Integer> done = acknowledged(acks.get(w));
        for (int i : done) {
          assertThat(dict.get("w" + w + "-" + i)).as("w%d-%d in the dict", w, i).isEqualTo(i);
          assertThat(loggedSet).as("w%d-%d in the list", w, i).contains("w" + w + "-" + i);
        }
      }
    }
  }

  @Test
  void aLockHeldWhenTheServerWasKilled_isFreeOnceItsSessionsLeaseRunsOut_andTheObjectsAreBack()
      throws Exception {
    Daemons.Daemon first = start(0, "--session-lease-seconds", "1");
    int port = first.awaitReadyPort();
    try (Manager manager = connect(port)) {
      manager.<String>queue("jobs").put("one");
      manager.<String>queue("jobs").put("two");
      assertThat(manager.<String>queue("jobs").take()).isEqualTo("one");
      Lock lock = manager.lock("held");
      lock.lock();
      // the client has acknowledged "one": the server keeps no answer for it
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> manager.admin().sessions().get(0).unacknowledged() == 0);

      first.kill();
    }

    start(port, "--session-lease-seconds", "1").awaitReadyPort();

    try (Manager manager = connect(port)) {
      assertThat(manager.<String>queue("jobs")).containsExactly("two");
      Lock lock = manager.lock("held");
      assertThat(lock.tryLock(30, TimeUnit.SECONDS)).isTrue();
      lock.unlock();
    }
  }

  @Test
  void aClientsSession_survivesASigkillAndRestartOfItsServer_withItsLockAndItsParkedTake()
      throws Exception {
    Daemons.Daemon first = start(0, "--session-lease-seconds", "120");
    int port = first.awaitReadyPort();
    try (Manager holder = connect(port)) {
      Lock lock = holder.lock("held");
      lock.lock();
      SharedQueue<String> inbox = holder.queue("inbox");
      CompletableFuture<String> taken =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return inbox.take();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              });
      await().atMost(60, TimeUnit.SECONDS).until(() -> inbox.waitingConsumers() == 1);

      first.kill();
      start(port, "--session-lease-seconds", "120").awaitReadyPort();

      try (Manager other = connect(port)) {
        assertThat(other.lock("held").tryLock()).isFalse();
        other.<String>queue("inbox").put("after the restart");
        assertThat(taken.get(120, TimeUnit.SECONDS)).isEqualTo("after the restart");
        lock.unlock();
        assertThat(other.lock("held").tryLock()).isTrue();
      }
    }
  }

  @Test
  void aRestartWithASmallerMemoryBudget_keepsWhatWasAcknowledged_andRefusesWhatNoLongerFits()
      throws Exception {
    Daemons.Daemon first = start(0, "--max-memory-bytes", String.valueOf(4 << 20));
    int port = first.awaitReadyPort();
    byte[] value = new byte[64 * 1024];
    try (Manager manager = connect(port)) {
      Map<Integer, byte[]> dict = manager.dict("big");
      for (int i = 0; i < 32; i++) {
        dict.put(i, value);
      }
      first.kill();
    }

    start(port, "--max-memory-bytes", String.valueOf(1 << 20)).awaitReadyPort();

    try (Manager manager = connect(port)) {
      Map<Integer, byte[]> dict = manager.dict("big");
      assertThat(dict).hasSize(32);
      assertThatThrownBy(() -> dict.put(99, value)).isInstanceOf(MemoryLimitException.class);
    }
  }

  @Test
  void anAdminShutdown_stopsTheServerOnce_notAgainWhenTheLogIsAppliedAtTheRestart()
      throws Exception {
    Daemons.Daemon first = start(0);
    int port = first.awaitReadyPort();
    try (Manager manager = connect(port)) {
      manager.<String, String>dict("kept").put("k", "v");
      manager.admin().shutdownServer();
    }
    assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.process().exitValue()).isZero();

    Daemons.Daemon second = start(port);
    second.awaitReadyPort();

    try (Manager manager = connect(port)) {
      assertThat(manager.<String, String>dict("kept")).containsEntry("k", "v");
    }
    assertThat(second.process().isAlive()).isTrue();
  }

  @Test
  void aRestartAfterManySnapshots_startsFromTheNewest_andAppliesTheLogAfterIt() throws Exception {
    Daemons.Daemon first = start(0, "--snapshot-every", "16");
    int port = first.awaitReadyPort();
    try (Manager manager = connect(port)) {
      Map<Integer, Integer> dict = manager.dict("counted");
      SharedQueue<Integer> queue = manager.queue("numbers");
      for (int i = 0; i < 200; i++) {
        dict.put(i, i * i);
        queue.put(i);
      }
      assertThat(queue.take()).isZero();
      await().atMost(2, TimeUnit.MINUTES).until(() -> snapshots().size() >= 2);
      first.kill();
    }
    assertThat(snapshots()).as("the two newest are kept").hasSize(2);

    Daemons.Daemon second = start(port, "--snapshot-every", "16");
    second.awaitReadyPort();

    assertThat(second.printed()).contains("state restored from the snapshot at log index");
    try (Manager manager = connect(port)) {
      Map<Integer, Integer> dict = manager.dict("counted");
      assertThat(dict).hasSize(200);
      for (int i = 0; i < 200; i++) {
        assertThat(dict.get(i)).isEqualTo(i * i);
      }
      SharedQueue<Integer> queue = manager.queue("numbers");
      assertThat(queue.size()).isEqualTo(199);
      assertThat(queue.take()).isEqualTo(1);
    }
  }

  @Test
  void aSnapshotWithAFlippedByte_refusesTheStart_namingTheFile_andStartsOnceRepaired()
      throws Exception {
    int port = writeAndStopCleanly();
    Path snapshot = newest(snapshots());
    byte[] original = Files.readAllBytes(snapshot);
    byte[] damaged = original.clone();
    damaged[damaged.length / 2] ^= 0x10;
    Files.write(snapshot, damaged);

    Daemons.Daemon refused = start(port);
    assertThat(refused.process().waitFor(2, TimeUnit.MINUTES)).as("refused daemon exited").isTrue();
    assertThat(refused.process().exitValue()).isEqualTo(1);
    assertThat(refused.printed()).contains(snapshot.toString()).contains("is damaged");

    Files.write(snapshot, original);
    start(port).awaitReadyPort();
    try (Manager manager = connect(port)) {
      assertThat(manager.<String, String>dict("kept")).containsEntry("k", "v");
    }
  }

  @Test
  void aSnapshotWithoutItsMd5File_refusesTheStart_namingTheFile() throws Exception {
    int port = writeAndStopCleanly();
    Path snapshot = newest(snapshots());
    Files.delete(snapshot.resolveSibling(snapshot.getFileName() + ".md5"));

    Daemons.Daemon refused = start(port);
    assertThat(refused.process().waitFor(2, TimeUnit.MINUTES)).as("refused daemon exited").isTrue();
    assertThat(refused.process().exitValue()).isEqualTo(1);
    assertThat(refused.printed()).contains(snapshot.toString()).contains("has no .md5 file");
  }

  @Test
  void aLogWhoseLastEntryWasTorn_isCutThere_andTheServerStartsWithEveryEntryBefore()
      throws Exception {
    int port = writeOneByOneAndKill();
    Path segment = openSegment();
    byte[] bytes = Files.readAllBytes(segment);
    int end = dataEnd(bytes);
    Arrays.fill(bytes, end - 6, end, (byte) 0);
    Files.write(segment, bytes);

    Daemons.Daemon second = start(port);
    second.awaitReadyPort();

    assertThat(second.printed()).contains("ends in an entry torn");
    assertWrittenOneByOne(port);
  }

  @Test
  void aLogCutInsideItsLastEntry_startsWithEveryEntryBefore() throws Exception {
    int port = writeOneByOneAndKill();
    Path segment = openSegment();
    byte[] bytes = Files.readAllBytes(segment);
    Files.write(segment, Arrays.copyOf(bytes, dataEnd(bytes) - 3));

    start(port).awaitReadyPort();

    assertWrittenOneByOne(port);
  }

  @Test
  void aLogEntryDamagedBeforeOthers_refusesTheStart_namingTheSegment() throws Exception {
    int port = writeOneByOneAndKill();
    Path segment = openSegment();
    byte[] bytes = Files.readAllBytes(segment);
    bytes[dataEnd(bytes) / 2] ^= 0x20;
    Files.write(segment, bytes);

    Daemons.Daemon refused = start(port);
    assertThat(refused.process().waitFor(2, TimeUnit.MINUTES)).as("refused daemon exited").isTrue();
    assertThat(refused.process().exitValue()).isEqualTo(1);
    assertThat(refused.printed()).contains("the log segment " + segment + " is damaged at byte");
  }

  @Test
  void aReadBetweenItsOwnWritesStillInTheLog_seesThoseBefore_notThoseAfter_andLaterReadsSeeAll()
      throws Exception {
    int port = start(0).awaitReadyPort();
    try (Manager writer = connect(port);
        Manager reader = connect(port)) {
      SharedDict<Integer, Integer> dict = writer.dict("read-your-writes");
      List<CompletableFuture<Integer>> reads = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        dict.async().put(0, i);
        reads.add(dict.async().get(0));
        // sent after the read: the read must not see it
        dict.async().put(0, -1);
      }
      for (int i = 0; i < 200; i++) {
        assertThat(reads.get(i).get(2, TimeUnit.MINUTES)).as("read %d", i).isEqualTo(i);
      }
      Map<Integer, Integer> seen = reader.dict("read-your-writes");
      for (int i = 0; i < 50; i++) {
        dict.put(1, i);
        assertThat(seen.get(1)).as("another session's read after put %d", i).isEqualTo(i);
      }
    }
  }

  /**
   * As in memory, an answer written to the client's connection is delivered: the client's close,
   * even before it acknowledged the answer, puts nothing back. (A session closed by its lease puts
   * back what its unacknowledged answers handed out, as docs/REPLICATION.md says.)
   */
  @Test
  void anItemWrittenToAClientThatClosedBeforeAcknowledgingIt_isNotHandedOutAgain()
      throws Exception {
    int port = start(0).awaitReadyPort();
    try (Manager manager = connect(port)) {
      SharedQueue<String> queue = manager.queue("handed");
      queue.put("taken");
      queue.put("left");
      try (RawClient taker = new RawClient(port, KEY.getBytes(StandardCharsets.UTF_8))) {
        taker.send(0, ManagerOp.OPEN, "handed", ObjectType.QUEUE, -1);
        long queueId = (Long) ((List<?>) ((Message.Reply) taker.read()).value()).get(0);
        taker.send(queueId, QueueOp.POLL);
        // the item "taken", in the bytes the client that put it encoded it to
        assertThat(((Message.Reply) taker.read()).value()).isInstanceOf(byte[].class);
        // the taker never acknowledges: the server keeps both its answers
        await()
            .atMost(60, TimeUnit.SECONDS)
            .until(
                () -> manager.admin().sessions().stream().anyMatch(s -> s.unacknowledged() == 2));
      }
      await().atMost(60, TimeUnit.SECONDS).until(() -> manager.admin().sessions().size() == 1);
      assertThat(queue).containsExactly("left");
    }
  }

  private static final int ONE_BY_ONE = 40;

  /** Puts 0 to 39 into a dict, one acknowledged put after the other, then SIGKILLs the daemon. */
  private int writeOneByOneAndKill() throws Exception {
    Daemons.Daemon first = start(0);
    int port = first.awaitReadyPort();
    try (Manager manager = connect(port)) {
      Map<Integer, Integer> dict = manager.dict("one-by-one");
      for (int i = 0; i < ONE_BY_ONE; i++) {
        dict.put(i, i);
      }
      first.kill();
    }
    return port;
  }

  /**
   * Every put is back but perhaps the last one, whose entry the test damaged (a torn entry is one
   * that was never acknowledged; here it was, since the damage is made after the fact).
   */
  private static void assertWrittenOneByOne(int port) {
    try (Manager manager = connect(port)) {
      Map<Integer, Integer> dict = manager.dict("one-by-one");
      for (int i = 0; i < ONE_BY_ONE - 1; i++) {
        assertThat(dict.get(i)).as("put %d", i).isEqualTo(i);
      }
      assertThat(dict.size()).isBetween(ONE_BY_ONE - 1, ONE_BY_ONE);
    }
  }

  /** The log's open segment, where the newest entries are. */
  private Path openSegment() throws IOException {
    try (Stream<Path> files = Files.walk(folder.resolve("data"))) {
      return files
          .filter(file -> file.getFileName().toString().startsWith("log_inprogress_"))
          .reduce(
              (a, b) -> {
                throw new AssertionError("two open segments: " + a + ", " + b);
              })
          .orElseThrow();
    }
  }

  /** Where a segment's entries end and the zeros it was made with begin. */
  private static int dataEnd(byte[] segment) {
    int end = segment.length;
    while (end > 0 && segment[end - 1] == 0) {
      end--;
    }
    return end;
  }

  /** Writes one entry, stops the daemon as an admin does (which takes a snapshot); its port. */
  private int writeAndStopCleanly() throws Exception {
    Daemons.Daemon first = start(0);
    int port = first.awaitReadyPort();
    try (Manager manager = connect(port)) {
      manager.<String, String>dict("kept").put("k", "v");
      manager.admin().shutdownServer();
    }
    assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(snapshots()).isNotEmpty();
    return port;
  }

  /** The snapshot files in the data directory, without their MD5 files. */
  /**
   * User types are applied again from the log as from the snapshot, and LogDigest needs the
   * daemon's types to do it: without them their calls fail as on a daemon that lacks them.
   */
  @Test
  void aLogWithUserTypes_leadsToTheStateItsSnapshotHolds_whenLogDigestIsGivenTheTypes()
      throws Exception {
    Path data = folder.resolve("data");
    List<String> types =
        List.of(
            "--type",
            Tally.class.getName() + "=" + TallyImpl.class.getName(),
            "--value-class",
            Tally.Entry.class.getName());
    List<String> server = new ArrayList<>(List.of("--data-dir", data.toString()));
    server.addAll(types);
    try (Manager manager =
        Manager.builder()
            .serverArguments(server.toArray(String[]::new))
            .register(Tally.Entry.class)
            .start()) {
      Tally tally = manager.object("tally", Tally.class);
      for (int i = 1; i <= 20; i++) {
        tally.add(new Tally.Entry("entry " + i, i % 7));
      }
      assertThat(tally.largest().amount()).isEqualTo(6);
    }
    // stopped cleanly, so it wrote a snapshot of its state at its last entry
    Path snapshot = newest(snapshots());
    long index = logIndex(snapshot);
    String fromSnapshot = logDigest(data, types, index);
    assertThat(fromSnapshot).startsWith(index + " ");

    for (Path file : snapshotDirectoryFiles(snapshot.getParent())) {
      Files.delete(file);
    }
    assertThat(logDigest(data, types, index)).isEqualTo(fromSnapshot);
    assertThat(logDigest(data, List.of(), index)).isNotEqualTo(fromSnapshot);
  }

  private static List<Path> snapshotDirectoryFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    }
  }

  /** Runs LogDigest on {@code data} with {@code options}, the test's classes on its classpath. */
  private static String logDigest(Path data, List<String> options, long upTo) throws Exception {
    Path testClasses =
        Path.of(Tally.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                Daemons.JAR + File.pathSeparator + testClasses,
                "io.jmanager.server.LogDigest"));
    command.addAll(options);
    command.addAll(List.of(data.toString(), String.valueOf(upTo)));
    Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(tool.waitFor(2, TimeUnit.MINUTES)).as("LogDigest exited").isTrue();
      assertThat(tool.exitValue()).as("LogDigest: %s", output).isZero();
      return output.strip();
    } finally {
      tool.destroyForcibly();
    }
  }

  private List<Path> snapshots() throws IOException {
    try (Stream<Path> files = Files.walk(folder.resolve("data"))) {
      return files
          .filter(file -> file.getParent().getFileName().toString().equals("sm"))
          .filter(file -> file.getFileName().toString().matches("snapshot\\.\\d+_\\d+"))
          .toList();
    }
  }

  /** The snapshot of the highest log index. */
  private static Path newest(List<Path> snapshots) {
    return snapshots.stream()
        .max(Comparator.comparingLong(DurableServerIT::logIndex))
        .orElseThrow();
  }

  private static long logIndex(Path snapshot) {
    String name = snapshot.getFileName().toString();
    return Long.parseLong(name.substring(name.indexOf('_') + 1));
  }

  private Daemons.Daemon start(int port, String... options) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--port", String.valueOf(port), "--data-dir", folder.resolve("data").toString()));
    args.addAll(List.of(options));
    return daemons.start(args, Map.of("JMANAGER_AUTHKEY", KEY));
  }

  private static Manager connect(int port) {
    return Manager.connect("127.0.0.1", port, KEY.getBytes(StandardCharsets.UTF_8));
  }

  /** The numbers a writer recorded as acknowledged. */
  private static List<Integer> acknowledged(Path ack) throws IOException {
    return Files.readAllLines(ack).stream()
        .filter(line -> !line.isEmpty())
        .map(Integer::valueOf)
        .toList();
  }
}
