package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSegmentsTest {
  private static final int PREALLOCATED = 4096;

  @TempDir Path current;

  @Test
  void wholeSegments_areLeftAsTheyAre() throws IOException {
    byte[] closed = segment(entries(1, 2, 3), 0);
    byte[] open = segment(entries(4, 5), PREALLOCATED);
    Files.write(current.resolve("log_0-2"), closed);
    Files.write(current.resolve("log_inprogress_3"), open);

    LogSegments.check(current);

    assertThat(Files.readAllBytes(current.resolve("log_0-2"))).isEqualTo(closed);
    assertThat(Files.readAllBytes(current.resolve("log_inprogress_3"))).isEqualTo(open);
  }

  @Test
  void anOpenSegmentWhoseLastEntryWasTorn_isCutAtThatEntry() throws IOException {
    byte[] kept = entries(1, 2, 3);
    byte[] last = entry(4);
    byte[] torn = Arrays.copyOf(last, last.length);
    Arrays.fill(torn, last.length / 2, torn.length, (byte) 0);
    Path file = current.resolve("log_inprogress_0");
    Files.write(file, segment(concat(kept, torn), PREALLOCATED));

    LogSegments.check(current);

    assertThat(Files.readAllBytes(file)).isEqualTo(segment(kept, 0));
  }

  @Test
  void anOpenSegmentWithABadEntryBeforeWholeOnes_refusesNamingTheFileAndTheByte()
      throws IOException {
    byte[] first = entry(1);
    byte[] bad = entry(2);
    bad[bad.length - 6] ^= 0x01;
    Path file = current.resolve("log_inprogress_0");
    byte[] bytes = segment(concat(first, bad, entry(3)), PREALLOCATED);
    Files.write(file, bytes);

    assertThatThrownBy(() -> LogSegments.check(current))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("damaged at byte " + (8 + first.length))
        .hasMessageContaining("checksum");
    assertThat(Files.readAllBytes(file)).as("left as it was").isEqualTo(bytes);
  }

  @Test
  void aClosedSegmentWithABadLastEntry_refuses() throws IOException {
    byte[] last = entry(3);
    last[last.length - 1] ^= 0x40;
    Path file = current.resolve("log_0-2");
    Files.write(file, segment(concat(entries(1, 2), last), 0));

    assertThatThrownBy(() -> LogSegments.check(current))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("does not match its checksum");
  }

  @Test
  void aSegmentThatDoesNotStartWithTheHeader_refuses() throws IOException {
    byte[] bytes = segment(entries(1), 0);
    bytes[0] = 'X';
    Files.write(current.resolve("log_0-0"), bytes);

    assertThatThrownBy(() -> LogSegments.check(current))
        .hasMessageContaining("log_0-0")
        .hasMessageContaining("header");
  }

  @Test
  void anOpenSegmentCutInsideItsLastEntry_isLeftToTheLogWhichDropsThatEntry() throws IOException {
    byte[] bytes = segment(entries(1, 2, 3), 0);
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 3);
    Path file = current.resolve("log_inprogress_0");
    Files.write(file, cut);

    LogSegments.check(current);

    assertThat(Files.readAllBytes(file)).isEqualTo(cut);
  }

  @Test
  void zerosInTheMiddleOfAnOpenSegment_withWholeEntriesAfterThem_refuse() throws IOException {
    byte[] hole = new byte[entry(2).length];
    Files.write(
        current.resolve("log_inprogress_0"),
        segment(concat(entry(1), hole, entry(3)), PREALLOCATED));

    assertThatThrownBy(() -> LogSegments.check(current))
        .hasMessageContaining("data follows the end of its entries");
  }

  @Test
  void aDirectoryWithNoLogYet_isFine() throws IOException {
    LogSegments.check(current.resolve("missing"));
  }

  /** An entry as Ratis writes it: varint length, body, CRC-32C of both. */
  private static byte[] entry(int n) {
    byte[] body = ("entry number " + n + " ".repeat(n * 40)).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int length = body.length;
    while (length >= 0x80) {
      out.write((length & 0x7f) | 0x80);
      length >>>= 7;
    }
    out.write(length);
    out.writeBytes(body);
    CRC32C crc = new CRC32C();
    crc.update(out.toByteArray());
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    return out.toByteArray();
  }

  private static byte[] entries(int... numbers) {
    byte[] all = new byte[0];
    for (int n : numbers) {
      all = concat(all, entry(n));
    }
    return all;
  }

  private static byte[] segment(byte[] entries, int zeros) {
    return concat("RaftLog1".getBytes(StandardCharsets.US_ASCII), entries, new byte[zeros]);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
