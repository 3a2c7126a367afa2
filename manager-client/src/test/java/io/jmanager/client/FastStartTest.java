package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

class FastStartTest {
  @Test
  void flags_leaveTheCollectorToTheUser_whenTheyNameOne() {
    assertThat(FastStart.flags(List.of("-Xmx64m"))).isEqualTo(FastStart.FLAGS);
    assertThat(FastStart.flags(List.of("-XX:+UseG1GC"))).containsExactly("-XX:TieredStopAtLevel=1");
  }

  @Test
  void archive_isNone_forAClasspathWithADirectory_orWhenTheUserSetsClassDataSharing() {
    String directory = Paths.get("target", "test-classes").toAbsolutePath().toString();

    assertThat(FastStart.archive(directory, List.of())).isEmpty();
    assertThat(FastStart.archive("/nonexistent/app.jar", List.of("-Xshare:off"))).isEmpty();
    assertThat(FastStart.archive("/nonexistent/app.jar", List.of("-XX:SharedArchiveFile=/a.jsa")))
        .isEmpty();
  }
}
