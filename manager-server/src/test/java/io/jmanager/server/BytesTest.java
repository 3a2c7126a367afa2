package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BytesTest {
  /**
   * 300,000 four-byte values that differ in their last bytes, as numbers encode: the summed hash of
   * the bytes gave them a few thousand distinct hash codes, so a hash set of them (a list's or a
   * queue's removeAll) degraded to long bucket scans; a random 32-bit hash gives them about ten
   * collisions in all.
   */
  @Test
  void sequentialNumbers_getDistinctHashCodes() {
    Set<Integer> codes = new HashSet<>();
    for (int i = 0; i < 300_000; i++) {
      codes.add(new Bytes(ByteBuffer.allocate(4).putInt(i).array()).hashCode());
    }

    assertThat(codes).hasSizeGreaterThan(299_900);
  }
}
