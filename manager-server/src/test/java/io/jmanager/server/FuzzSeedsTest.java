package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FuzzSeedsTest {
  /** Where Jazzer looks for {@link FrameFuzzTest}'s inputs, in the source tree. */
  static final Path INPUTS = Path.of("src/test/resources/io/jmanager/server/FrameFuzzTestInputs");

  /**
   * Fails when the committed seeds differ from what the codec writes now, as a golden file does
   * when the wire format changes; {@code -Djmanager.writeSeeds=true} rewrites them.
   */
  @Test
  void committedSeeds_areWhatTheCodecWritesNow() throws IOException {
    boolean write = Boolean.getBoolean("jmanager.writeSeeds");
    for (Map.Entry<String, Map<String, byte[]>> target : FuzzSeeds.all().entrySet()) {
      for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
        Path file = INPUTS.resolve(target.getKey()).resolve(seed.getKey());
        if (write) {
          Files.createDirectories(file.getParent());
          Files.write(file, seed.getValue());
        }
        assertThat(file).as("seed %s", file).hasBinaryContent(seed.getValue());
      }
    }
  }
}
