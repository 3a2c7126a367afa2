package io.jmanager.benchmarks;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finding the peers' programs. */
final class Tools {
  private Tools() {}

  /** Whether an executable named {@code program} is on the PATH. */
  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(directory, program))) {
        return true;
      }
    }
    return false;
  }
}
