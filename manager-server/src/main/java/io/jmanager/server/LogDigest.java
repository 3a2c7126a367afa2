package io.jmanager.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;

/**
 * Reads a durable server's data directory without starting it: restores its newest snapshot (or an
 * empty state when it has none), applies the log's entries after it, and prints the last log index
 * applied and the SHA-256 digest of the state it leads to. The state is a function of the log
 * alone, so members of a cluster print the same digest for the same index: {@code java -cp
 * manager-server.jar io.jmanager.server.LogDigest DIR [INDEX]} applies the entries up to {@code
 * INDEX} (default: all). User types are not loaded.
 */
public final class LogDigest {
  private LogDigest() {}

  /** Prints {@code index digest} for the data directory given, or why it cannot. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: LogDigest DATA-DIR [LAST-INDEX]");
      System.exit(2);
    }
    long upTo = args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE;
    Digest digest = of(Path.of(args[0]), upTo);
    System.out.println(digest.index() + " " + HexFormat.of().formatHex(digest.sha256()));
  }

  /** The last index applied and the digest of the state. */
  record Digest(long index, byte[] sha256) {}

  /**
   * Restores the newest snapshot in {@code dataDir}, if any, then applies the log's entries after
   * it up to entry {@code upTo}; throws {@link IOException} when the snapshot is damaged or covers
   * entries past {@code upTo}, when the log does not go on where the snapshot (or, without one, the
   * log's start) ends, or when an entry is not one of the log's.
   */
  static Digest of(Path dataDir, long upTo) throws IOException {
    Replica replica =
        new Replica(
            ServerConfig.builder().build(), Session.Timers.NONE, () -> {}, Replica.Listener.NONE);
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
