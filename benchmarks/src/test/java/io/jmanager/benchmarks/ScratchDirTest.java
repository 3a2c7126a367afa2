package io.jmanager.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchDirTest {
  @Test
  void close_deletesTheDirectoryWithWhatTheServerWroteInIt() throws Exception {
    Path path;
    try (ScratchDir dir = ScratchDir.create("scratch-test-")) {
      path = dir.path();
      Path group = Files.createDirectories(path.resolve("group").resolve("current"));
      Files.writeString(group.resolve("log_inprogress_0"), "entries");
      Files.writeString(path.resolve("appendonly.aof"), "commands");
    }

    assertThat(path).doesNotExist();
  }
}
