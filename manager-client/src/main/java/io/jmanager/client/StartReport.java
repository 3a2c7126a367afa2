package io.jmanager.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * How far a {@link JvmProcess} child got, told privately to its parent, never through its output.
 * The parent creates an empty file and names it in the child's {@code JMANAGER_START_REPORT}; the
 * child's launcher appends {@code main} just before the user's main method runs, a pool worker
 * {@code serving} once it has joined its pool, and {@code failed} with the reason when the child
 * cannot start, which then exits with {@link #START_FAILED}. The parent reads the file once the
 * child has exited, and deletes it.
 */
final class StartReport {
  /** Environment variable naming the report file. */
  static final String ENV = "JMANAGER_START_REPORT";

  /** Exit code of a child that could not start and said why in its report. */
  static final int START_FAILED = 87;

  /** Line written just before the user's main method runs. */
  static final String MAIN = "main";

  /** Line a pool worker writes once it serves its pool. */
  static final String SERVING = "serving";

  private static final String FAILED = "failed ";

  /**
   * What the report said: whether the user's main ran, whether the child served its pool, and why
   * it could not start (null when it did, as far as the report tells).
   */
  record Outcome(boolean mainRan, boolean serving, String failure) {}

  private static Path directory;

  private StartReport() {}

  /**
   * A new, empty report file for a child, in a directory of this JVM's that a shutdown hook
   * removes, with the reports of children still running then.
   */
  static synchronized Path create() throws IOException {
    if (directory == null) {
      Path made = Files.createTempDirectory("jmanager-reports-");
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> delete(made), "jmanager-report-cleaner"));
      directory = made;
    }
    return Files.createTempFile(directory, "start-", ".report");
  }

  private static void delete(Path reports) {
    try (Stream<Path> files = Files.list(reports)) {
      files.forEach(report -> report.toFile().delete());
      Files.deleteIfExists(reports);
    } catch (IOException e) {
      // the system's temporary-file clean-up takes what is left
    }
  }

  /** In the child: appends {@code line} to the report its parent named, if any. */
  static void mark(String line) {
    String report = System.getenv(ENV);
    if (report == null) {
      return;
    }
    try {
      Files.write(
          Paths.get(report),
          (line + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.APPEND);
    } catch (NoSuchFileException e) {
      // the parent has exited and taken its reports with it: nobody is waiting for this one
    } catch (IOException e) {
      System.err.println("jmanager: cannot write the start report " + report + ": " + e);
    }
  }

  /** In the child: reports that it cannot start, says why on standard error, and exits. */
  static void fail(String reason) {
    String oneLine = reason.replace('\n', ' ').replace('\r', ' ');
    System.err.println("jmanager: the child cannot start: " + oneLine);
    mark(FAILED + oneLine);
    System.exit(START_FAILED);
  }

  /**
   * In the parent, once the child {@code name} has exited with {@code exitCode}: reads and deletes
   * its report. A child killed by a signal, or whose report is gone, did not fail to start.
   */
  static Outcome read(Path report, String name, int exitCode, boolean signalled) {
    List<String> lines;
    try {
      lines = Files.readAllLines(report, StandardCharsets.UTF_8);
      Files.deleteIfExists(report);
    } catch (IOException e) {
      return new Outcome(true, false, null);
    }
    boolean main = lines.contains(MAIN);
    boolean serving = lines.contains(SERVING);
    for (String line : lines) {
      if (line.startsWith(FAILED)) {
        return new Outcome(
            main, serving, name + " could not start: " + line.substring(FAILED.length()));
      }
    }
    if (main || signalled || exitCode > 128) {
      return new Outcome(main, serving, null);
    }
    return new Outcome(
        false,
        false,
        name
            + " exited with code "
            + exitCode
            + " before its main method ran: its JVM could not start it (its output says why)");
  }
}
