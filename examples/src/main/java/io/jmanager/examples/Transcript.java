package io.jmanager.examples;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What child JVMs print, sent to a temporary file ({@code redirectOutput(out.file())}) so that the
 * twin can check it, as a reader checks the Python program's printed output, and then show it.
 */
final class Transcript implements AutoCloseable {
  private final Path file;

  /** Creates an empty transcript file. */
  Transcript() throws IOException {
    file = Files.createTempFile("jmanager-example-", ".out");
  }

  /** The file the children's output goes to. */
  File file() {
    return file.toFile();
  }

  /** The lines printed so far. */
  List<String> lines() throws IOException {
    return Files.readAllLines(file);
  }

  /** Prints the lines printed so far and returns them. */
  List<String> show() throws IOException {
    List<String> lines = lines();
    lines.forEach(System.out::println);
    return lines;
  }

  /** Deletes the file. */
  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}
