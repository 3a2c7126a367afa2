package io.jmanager.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Reads a durable server's data directory without starting it: restores its newest snapshot (or an
 * empty state when it has none), applies the log's entries after it, and prints the last log index
 * applied and the SHA-256 digest of the state it leads to. The state is a function of the log
 * alone, so members of a cluster print the same digest for the same index: {@code java -cp
 * manager-server.jar io.jmanager.server.LogDigest DIR [INDEX]} applies the entries up to {@code
 * INDEX} (default: all). A log that holds user types needs the daemon's {@code --type}, {@code
 * --value-class} and {@code --plugin-jar} (or their environment variables) here too: without them
 * their calls fail as they would on a daemon that lacks the types, and the digest is not the
 * daemon's.
 */
@Command(
    name = "LogDigest",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Prints the last index applied and the SHA-256 digest of the state a durable server's data"
            + " directory leads to, without starting the server.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the digest was printed",
      "1:the data directory cannot be read, or its snapshot or log is damaged",
      "2:bad command line"
    })
public final class LogDigest implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DATA-DIR", description = "The server's --data-dir.")
  Path dataDir;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "LAST-INDEX",
      description = "The last log entry to apply (default: all).")
  Long lastIndex;

  @Mixin UserTypeOptions userTypes;

  /** Prints {@code index digest} for the data directory given, or why it cannot. */
  public static void main(String[] args) {
    CommandLine commandLine =
        new CommandLine(new LogDigest())
            .setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                  cmd.getErr().println("LogDigest: " + e.getMessage());
                  return 1;
                });
    System.exit(commandLine.execute(args));
  }

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(DurableLog.segments(dataDir))) {
      throw new IOException("no durable server's log in " + dataDir);
    }
    ServerConfig.Builder config = ServerConfig.builder();
    userTypes.applyTo(config);
    Digest digest = of(config.build(), dataDir, lastIndex == null ? Long.MAX_VALUE : lastIndex);
    System.out.println(digest.index() + " " + HexFormat.of().formatHex(digest.sha256()));
    return 0;
  }

  /** The last index applied and the digest of the state. */
  record Digest(long index, byte[] sha256) {}

  /**
   * With {@code config}'s user types, restores the newest snapshot in {@code dataDir}, if any, then
   * applies the log's entries after it up to entry {@code upTo}; throws {@link IOException} when
   * the snapshot is damaged or covers entries past {@code upTo}, when the log does not go on where
   * the snapshot (or, without one, the log's start) ends, or when an entry is not one of the log's.
   */
  static Digest of(ServerConfig config, Path dataDir, long upTo) throws IOException {
    Replica replica = new Replica(config, Session.Timers.NONE, () -> {}, Replica.Listener.NONE);
    SnapshotStore.Found snapshot =
        SnapshotStore.readNewest(DurableLog.snapshots(dataDir), replica::read);
    long covered = snapshot == null ? -1 : snapshot.at().getIndex();
    if (covered > upTo) {
      throw new IOException(
          "the newest snapshot in "
              + dataDir
              + " covers the log up to index "
              + covered
              + ", past "
              + upTo);
    }
    long[] last = {covered};
    long first =
        LogSegments.forEachEntry(
            DurableLog.segments(dataDir),
            body -> {
              LogEntryProto entry = LogEntryProto.parseFrom(body);
              if (entry.getIndex() <= covered || entry.getIndex() > upTo) {
                return;
              }
              if (entry.hasStateMachineLogEntry()) {
                replica.apply(entry.getStateMachineLogEntry().getLogData().toByteArray());
              }
              last[0] = entry.getIndex();
            });
    if (first > covered + 1) {
      throw new IOException(
          "the log in "
              + dataDir
              + " starts at index "
              + first
              + (snapshot == null
                  ? " and there is no snapshot"
                  : ", after its newest snapshot, which covers up to " + covered)
              + ": entries are missing");
    }
    return new Digest(last[0], Snapshot.digest(replica.state()));
  }
}
