package io.jmanager.client;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The classpath a child JVM needs to run this application's classes, however this JVM was started.
 * {@code java.class.path} is enough for {@code java -cp}, {@code java -jar} and most IDEs, but not
 * where the application lives in a class loader of its own: under {@code mvn exec:java} it names
 * Maven's launcher, and the application's classes sit in a {@link URLClassLoader} set as the
 * thread's context loader. So the classpath is {@code java.class.path} followed by the file URLs of
 * every {@code URLClassLoader} on the chains of the context loader and of the loader of jmanager
 * itself, each chain from its root down (the order parent-first delegation searches them), without
 * repeats.
 *
 * <p>A classpath too long for one command-line argument goes to the child in an argument file
 * ({@code java @file}), written once per classpath in the cache directory.
 */
final class ChildClasspath {
  /**
   * Longest classpath passed as an argument: Linux takes 128 KiB in one argument, Windows 32 Ki
   * characters in a whole command line.
   */
  static final int MAX_ARGUMENT = 8192;

  private ChildClasspath() {}

  /** The classpath of this JVM's application, as seen from the calling thread. */
  static String current() {
    Set<String> entries = new LinkedHashSet<>();
    String declared = System.getProperty("java.class.path", "");
    for (String entry : declared.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(absolute(Paths.get(entry)));
      }
    }
    if (entries.isEmpty()) {
      entries.add(absolute(Paths.get("")));
    }
    addUrls(Thread.currentThread().getContextClassLoader(), entries);
    addUrls(ChildClasspath.class.getClassLoader(), entries);
    return String.join(File.pathSeparator, entries);
  }

  /**
   * The arguments that give a child {@code classpath}: {@code -cp} and the classpath, or, when it
   * is longer than {@link #MAX_ARGUMENT}, one {@code @file} argument naming an argument file in the
   * {@link ChildCache}.
   */
  static List<String> arguments(String classpath) throws IOException {
    if (classpath.length() <= MAX_ARGUMENT) {
      return List.of("-cp", classpath);
    }
    Path file = ChildCache.directory().resolve("classpath-" + ChildCache.hash(classpath) + ".args");
    if (!Files.exists(file)) {
      ChildCache.writeAtomically(file, argumentFile(classpath).getBytes(StandardCharsets.UTF_8));
    }
    return List.of("@" + file);
  }

  /** An argument file holding {@code -cp} and the classpath, quoted as {@code java} reads it. */
  static String argumentFile(String classpath) {
    return "-cp \"" + classpath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
  }

  private static void addUrls(ClassLoader loader, Set<String> entries) {
    Deque<URLClassLoader> chain = new ArrayDeque<>();
    for (ClassLoader each = loader; each != null; each = each.getParent()) {
      if (each instanceof URLClassLoader) {
        chain.push((URLClassLoader) each);
      }
    }
    for (URLClassLoader each : chain) {
      for (URL url : each.getURLs()) {
        if ("file".equals(url.getProtocol())) {
          entries.add(absolute(path(url)));
        }
      }
    }
  }

  private static Path path(URL url) {
    try {
      return Paths.get(url.toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      // an unescaped file URL, as some class loaders build them: its path is the file's name
      return Paths.get(url.getPath());
    }
  }

  private static String absolute(Path path) {
    return path.toAbsolutePath().normalize().toString();
  }
}
