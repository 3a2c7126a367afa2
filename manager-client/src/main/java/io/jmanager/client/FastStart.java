package io.jmanager.client;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What makes a child JVM start sooner: JVM options for short-lived JVMs, and a class data sharing
 * archive of the classes a jmanager child loads.
 *
 * <p>The options ({@link #FLAGS}) stop the JIT at its first tier (a fifth less processor time to a
 * child's first call) and use the serial collector (a twentieth less memory); {@code
 * -XX:-UsePerfData} saved nothing measurable and is left out, so {@code jps} still sees children.
 * The user's own options come after them, so theirs win, and a collector the user names replaces
 * the serial one. {@code JMANAGER_FAST_START=false} turns them off.
 *
 * <p>The archive is made once per classpath and JVM (its name hashes both, with each jar's size and
 * time), in the {@link ChildCache}: the first child that finds none starts, beside it, a training
 * JVM that loads the client's classes and dumps them at exit ({@code -XX:ArchiveClassesAtExit});
 * children started after the archive is renamed into place map it ({@code -XX:SharedArchiveFile}).
 * A lock file keeps JVMs that start at once from training together. The JVM can archive only
 * classes from jars, and refuses to dump with a non-empty directory on the classpath, so a
 * classpath holding a directory (an IDE's or Maven's {@code target/classes}) gets no archive.
 * {@code JMANAGER_CLASS_DATA_ARCHIVE=false} turns it off.
 */
final class FastStart {
  /** Environment variable that turns the default JVM options off when {@code false}. */
  static final String FLAGS_ENV = "JMANAGER_FAST_START";

  /** Environment variable that turns the class data archive off when {@code false}. */
  static final String ARCHIVE_ENV = "JMANAGER_CLASS_DATA_ARCHIVE";

  /** The default options of a child JVM. */
  static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** Options that keep the JVM quiet about an archive it cannot use: it then runs without. */
  private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

  /** How long a training lock holds before it counts as left by a JVM that died. */
  private static final Duration STALE_LOCK = Duration.ofMinutes(5);

  private static final Map<String, Optional<Path>> ARCHIVES = new ConcurrentHashMap<>();
  private static final Set<Path> TRAINING = ConcurrentHashMap.newKeySet();

  private FastStart() {}

  /** Whether the environment variable {@code name} leaves its feature on (anything but false). */
  static boolean enabled(String name) {
    return !"false".equalsIgnoreCase(System.getenv(name));
  }

  /** The default options that the user's {@code options} do not replace. */
  static List<String> flags(List<String> options) {
    boolean ownCollector = options.stream().anyMatch(o -> o.matches("-XX:\\+Use\\w*GC"));
    List<String> flags = new ArrayList<>(FLAGS);
    if (ownCollector) {
      flags.remove("-XX:+UseSerialGC");
    }
    return flags;
  }

  /**
   * The options that map the archive for {@code classpath}, if there is one; when there is none
   * yet, starts making it and returns no options. None when the user's {@code options} set class
   * data sharing themselves.
   */
  static List<String> archive(String classpath, List<String> options) {
    if (options.stream()
        .anyMatch(o -> o.startsWith("-Xshare") || o.contains("Archive") || o.contains("CDS"))) {
      return List.of();
    }
    Optional<Path> archive = ARCHIVES.computeIfAbsent(classpath, FastStart::archiveFor);
    if (archive.isEmpty()) {
      return List.of();
    }
    if (Files.isRegularFile(archive.get())) {
      List<String> mapped = new ArrayList<>(QUIET);
      mapped.add("-XX:SharedArchiveFile=" + archive.get());
      return mapped;
    }
    train(classpath, archive.get());
    return List.of();
  }

  /** Where the archive of {@code classpath} goes; empty when it cannot have one. */
  private static Optional<Path> archiveFor(String classpath) {
    StringBuilder key =
        new StringBuilder(System.getProperty("java.home"))
            .append('\n')
            .append(System.getProperty("java.vm.version"));
    try {
      for (String entry : classpath.split(File.pathSeparator)) {
        Path path = Paths.get(entry);
        if (Files.isDirectory(path) && !empty(path)) {
          return Optional.empty();
        }
        key.append('\n').append(entry);
        if (Files.isRegularFile(path)) {
          key.append(' ')
              .append(Files.size(path))
              .append(' ')
              .append(Files.getLastModifiedTime(path).toMillis());
        }
      }
      return Optional.of(
          ChildCache.directory().resolve("classes-" + ChildCache.hash(key.toString()) + ".jsa"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean empty(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    }
  }

  /** Starts a training JVM for {@code archive} unless one is already at work. */
  private static void train(String classpath, Path archive) {
    if (!TRAINING.add(archive)) {
      return;
    }
    Path lock = archive.resolveSibling(archive.getFileName() + ".lock");
    Path dump = ChildCache.temporaryBeside(archive);
    try {
      if (!takeLock(lock)) {
        TRAINING.remove(archive);
        return;
      }
      List<String> command = new ArrayList<>();
      command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(FLAGS);
      command.addAll(QUIET);
      command.add("-XX:ArchiveClassesAtExit=" + dump);
      command.addAll(ChildClasspath.arguments(classpath));
      command.add(ClassDataTraining.class.getName());
      Process training =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      training.onExit().thenRun(() -> finish(training, dump, archive, lock));
    } catch (IOException e) {
      deleteQuietly(lock);
      TRAINING.remove(archive);
    }
  }

  private static boolean takeLock(Path lock) throws IOException {
    try {
      Files.createFile(lock);
      return true;
    } catch (FileAlreadyExistsException e) {
      Instant taken = Files.getLastModifiedTime(lock).toInstant();
      if (taken.plus(STALE_LOCK).isAfter(Instant.now())) {
        return false;
      }
      Files.deleteIfExists(lock);
      return takeLock(lock);
    }
  }

  private static void finish(Process training, Path dump, Path archive, Path lock) {
    try {
      if (training.exitValue() == 0 && Files.isRegularFile(dump)) {
        ChildCache.publish(dump, archive);
      }
    } catch (IOException e) {
      // no archive this time; the next parent tries again
    } finally {
      deleteQuietly(dump);
      deleteQuietly(lock);
      TRAINING.remove(archive);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a cache file: the next training replaces it
    }
  }
}
