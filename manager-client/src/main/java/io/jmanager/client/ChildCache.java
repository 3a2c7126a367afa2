package io.jmanager.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The per-user directory where child JVMs' start-up files are kept (long classpaths' argument
 * files, class data sharing archives): {@code JMANAGER_CACHE_DIR} when set, else {@code
 * $XDG_CACHE_HOME/jmanager} or {@code ~/.cache/jmanager}, else a directory of the user's in the
 * temporary directory. Files appear there whole or not at all: each is written under a temporary
 * name and renamed, so JVMs starting at once never read half a file.
 */
final class ChildCache {
  /** Environment variable naming the cache directory. */
  static final String DIRECTORY_ENV = "JMANAGER_CACHE_DIR";

  private ChildCache() {}

  /** The cache directory, created (readable by its owner only) if absent. */
  static Path directory() throws IOException {
    String chosen = System.getenv(DIRECTORY_ENV);
    if (chosen != null && !chosen.isBlank()) {
      return create(Paths.get(chosen));
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path home =
        xdg != null && !xdg.isBlank()
            ? Paths.get(xdg)
            : Paths.get(System.getProperty("user.home"), ".cache");
    try {
      return create(home.resolve("jmanager"));
    } catch (IOException e) {
      return create(
          Paths.get(
              System.getProperty("java.io.tmpdir"), "jmanager-" + System.getProperty("user.name")));
    }
  }

  /** A short hex digest of {@code text}, for file names keyed by content. */
  static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * Writes {@code bytes} to a temporary file beside {@code file}, then renames it to {@code file}.
   */
  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path temporary = temporaryBeside(file);
    try {
      Files.write(temporary, bytes);
      publish(temporary, file);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** A fresh name beside {@code file} for a file to {@link #publish} as {@code file} later. */
  static Path temporaryBeside(Path file) {
    return file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
  }

  /** Renames {@code temporary} to {@code file} in one step, replacing any file of that name. */
  static void publish(Path temporary, Path file) throws IOException {
    try {
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Path create(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
      }
    }
    if (!Files.isWritable(directory)) {
      throw new IOException("cannot write to " + directory);
    }
    return directory;
  }
}
