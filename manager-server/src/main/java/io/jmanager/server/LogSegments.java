package io.jmanager.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the log's segment files before Ratis reads them, so that damage is reported with the file
 * and the byte it is at, and cuts off a torn last entry.
 *
 * <p>A segment is the header {@code "RaftLog1"}, then entries, each a varint length, that many
 * bytes and a CRC-32C of both (big-endian), then zeros to the end of the file (segments are
 * preallocated). An entry is torn when the process died while writing it: it is in the open
 * segment, fails its checksum, and no whole entry follows it. Such an entry was never forced to
 * disk, so it was never acknowledged: it is cut off, and the server starts. A bad entry anywhere
 * else, or one followed by whole entries, is damage after the fact: the server refuses to start and
 * names the file. (A file that ends inside its last entry is left to Ratis, which drops that entry
 * itself.)
 */
final class LogSegments {
  private static final Logger log = LoggerFactory.getLogger(LogSegments.class);
  private static final byte[] HEADER = "RaftLog1".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern CLOSED = Pattern.compile("log_(\\d+)-(\\d+)");
  private static final Pattern OPEN = Pattern.compile("log_inprogress_(\\d+)");
  private static final int CHECKSUM_BYTES = Integer.BYTES;

  private LogSegments() {}

  /**
   * Checks every segment in {@code current}, the directory Ratis keeps them in, and cuts a torn
   * entry off the end of the open one.
   *
   * @throws IOException naming the file and the byte when a segment is damaged
   */
  static void check(Path current) throws IOException {
    if (!Files.isDirectory(current)) {
      return;
    }
    for (Path segment : segments(current)) {
      check(segment, OPEN.matcher(segment.getFileName().toString()).matches());
    }
  }

  /** Receives the bytes of each entry of a log, in order. */
  interface EntryReader {
    void entry(byte[] body) throws IOException;
  }

  /**
   * Gives {@code reader} every whole entry of the segments in {@code current}, in the log's order,
   * as the bytes its length prefix and checksum frame; stops at the first entry that is not whole.
   * Returns the first index of the first segment (-1 when there is none).
   */
  static long forEachEntry(Path current, EntryReader reader) throws IOException {
    List<Path> segments = segments(current);
    for (Path segment : segments) {
      byte[] bytes = Files.readAllBytes(segment);
      int position = HEADER.length;
      while (position < bytes.length && bytes[position] != 0) {
        int end = entryEnd(bytes, position);
        if (end < 0 || !checksumMatches(bytes, position, end)) {
          return firstIndex(segments.get(0));
        }
        int body = bodyStart(bytes, position);
        reader.entry(Arrays.copyOfRange(bytes, body, end - CHECKSUM_BYTES));
        position = end;
      }
    }
    return segments.isEmpty() ? -1 : firstIndex(segments.get(0));
  }

  /** Where the bytes of the entry at {@code position} start, after its varint length. */
  private static int bodyStart(byte[] bytes, int position) {
    int at = position;
    while (bytes[at] < 0) {
      at++;
    }
    return at + 1;
  }

  private static List<Path> segments(Path current) throws IOException {
    List<Path> segments = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(current)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (CLOSED.matcher(name).matches() || OPEN.matcher(name).matches()) {
          segments.add(file);
        }
      }
    }
    segments.sort(Comparator.comparingLong(LogSegments::firstIndex));
    return segments;
  }

  private static long firstIndex(Path segment) {
    String name = segment.getFileName().toString();
    Matcher closed = CLOSED.matcher(name);
    if (closed.matches()) {
      return Long.parseLong(closed.group(1));
    }
    Matcher open = OPEN.matcher(name);
    return open.matches() ? Long.parseLong(open.group(1)) : Long.MAX_VALUE;
  }

  private static void check(Path segment, boolean open) throws IOException {
    byte[] bytes = Files.readAllBytes(segment);
    if (bytes.length < HEADER.length) {
      if (!open) {
        throw damaged(segment, 0, "it is shorter than a segment's header");
      }
      return;
    }
    if (!Arrays.equals(bytes, 0, HEADER.length, HEADER, 0, HEADER.length)) {
      throw damaged(segment, 0, "it does not start with a log segment's header");
    }
    int position = HEADER.length;
    while (position < bytes.length && bytes[position] != 0) {
      int end = entryEnd(bytes, position);
      if (end < 0) {
        if (open) {
          // the file ends inside its last entry: Ratis drops that entry itself
          return;
        }
        throw damaged(segment, position, "its last entry runs past the end of the file");
      }
      if (!checksumMatches(bytes, position, end)) {
        badEntry(segment, open, bytes, position, "an entry does not match its checksum");
        return;
      }
      position = end;
    }
    for (int zero = position; zero < bytes.length; zero++) {
      if (bytes[zero] != 0) {
        badEntry(segment, open, bytes, position, "data follows the end of its entries");
        return;
      }
    }
  }

  /**
   * Cuts a torn last entry off the open segment at {@code position}; throws for any other damage.
   */
  private static void badEntry(
      Path segment, boolean open, byte[] bytes, int position, String problem) throws IOException {
    if (!open || wholeEntryAfter(bytes, position)) {
      throw damaged(segment, position, problem);
    }
    log.warn(
        "the log segment {} ends in an entry torn when the server stopped ({} at byte {}): it was"
            + " never acknowledged, and is cut off",
        segment,
        problem,
        position);
    try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      file.truncate(position);
      file.force(true);
    }
  }

  /** Whether a whole entry, one that matches its checksum, starts anywhere after {@code from}. */
  private static boolean wholeEntryAfter(byte[] bytes, int from) {
    for (int start = from + 1; start < bytes.length; start++) {
      if (bytes[start] == 0) {
        continue;
      }
      int end = entryEnd(bytes, start);
      if (end > 0 && checksumMatches(bytes, start, end)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where the entry at {@code position} ends, after its checksum; -1 when the file ends first or
   * the length is no varint.
   */
  private static int entryEnd(byte[] bytes, int position) {
    long length = 0;
    int at = position;
    for (int shift = 0; ; shift += 7) {
      if (at >= bytes.length || shift > 28) {
        return -1;
      }
      byte next = bytes[at++];
      length |= (long) (next & 0x7f) << shift;
      if (next >= 0) {
        break;
      }
    }
    long end = at + length + CHECKSUM_BYTES;
    return end > bytes.length ? -1 : (int) end;
  }

  private static boolean checksumMatches(byte[] bytes, int position, int end) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, position, end - CHECKSUM_BYTES - position);
    return (int) crc.getValue()
        == ByteBuffer.wrap(bytes, end - CHECKSUM_BYTES, CHECKSUM_BYTES).getInt();
  }

  private static IOException damaged(Path segment, int position, String problem) {
    return new IOException(
        "the log segment "
            + segment
            + " is damaged at byte "
            + position
            + ": "
            + problem
            + "; restore the data directory from a backup");
  }
}
