package io.jmanager.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;

/**
 * Reads a durable server's log from its data directory, without starting it, applies it to an empty
 * state, and prints the last log index applied and the SHA-256 digest of the state it leads to. The
 * state is a function of the log alone, so members of a cluster print the same digest for the same
 * index: {@code java -cp manager-server.jar io.jmanager.server.LogDigest DIR [INDEX]} applies the
 * entries up to {@code INDEX} (default: all). The directory must hold its whole log, as it does
 * until its first snapshot removes older segments; user types are not loaded.
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
   * Applies the log in {@code dataDir} up to entry {@code upTo}; throws {@link IOException} when
   * its first segment does not start at the log's start, or an entry is not one of the log's.
   */
  static Digest of(Path dataDir, long upTo) throws IOException {
    Replica replica =
        new Replica(
            ServerConfig.builder().build(), Session.Timers.NONE, () -> {}, Replica.Listener.NONE);
    long[] last = {-1};
    long first =
        LogSegments.forEachEntry(
            DurableLog.segments(dataDir),
            body -> {
              LogEntryProto entry = LogEntryProto.parseFrom(body);
              if (entry.getIndex() > upTo) {
                return;
              }
              if (entry.hasStateMachineLogEntry()) {
                replica.apply(entry.getStateMachineLogEntry().getLogData().toByteArray());
              }
              last[0] = entry.getIndex();
            });
    if (first > 0) {
      throw new IOException(
          "the log in " + dataDir + " starts at index " + first + ": a snapshot removed the rest");
    }
    return new Digest(last[0], Snapshot.digest(replica.state()));
  }
}
