package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What children get to start: long classpaths, and the class data archive of a jar classpath. */
class ChildStartIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void aClasspathLongerThanOneArgumentMayBe_reachesTheChildInAnArgumentFile() throws Exception {
    Manager manager = server.connect();
    String padding =
        IntStream.range(0, 5000)
            .mapToObj(i -> "/nonexistent/jmanager-classpath-padding-" + i + ".jar")
            .collect(Collectors.joining(File.pathSeparator));
    JvmProcess child =
        JvmProcess.builder(Children.Put.class)
            .manager(manager)
            .classpath(System.getProperty("java.class.path") + File.pathSeparator + padding)
            .args("long-classpath", "arrived")
            .start();

    assertThat(child.join(Duration.ofSeconds(60))).isTrue();
    assertThat(child.exitCode()).hasValue(0);
    assertThat(manager.<String>queue("long-classpath").poll(30, TimeUnit.SECONDS))
        .isEqualTo("arrived");
  }

  @Test
  void aJarClasspath_getsAClassDataArchive_madeOnceByATrainingJvm_thatLaterChildrenMap()
      throws Exception {
    Manager manager = server.connect();
    // a classpath of its own (a missing jar with a fresh name), so an earlier run's archive is not
    // it
    String jars =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> Files.isRegularFile(Paths.get(entry)))
                .collect(Collectors.joining(File.pathSeparator))
            + File.pathSeparator
            + "/nonexistent/jmanager-"
            + UUID.randomUUID()
            + ".jar";
    assertThat(jars).contains("manager-client-");
    Path cache = ChildCache.directory();
    List<Path> before = archives(cache);

    JvmProcess first = worker(manager, jars);
    await().atMost(Duration.ofSeconds(120)).until(() -> archives(cache).size() > before.size());
    await().atMost(Duration.ofSeconds(30)).until(() -> leftovers(cache).isEmpty());
    JvmProcess second = worker(manager, jars);
    List<Path> made = archives(cache);
    made.removeAll(before);

    assertThat(commandLine(first)).doesNotContain("SharedArchiveFile");
    assertThat(made).hasSize(1);
    assertThat(commandLine(second)).contains("-XX:SharedArchiveFile=" + made.get(0));
    first.kill();
    second.kill();
    assertThat(second.join(Duration.ofSeconds(30))).isTrue();
    assertThat(second.exitCode()).hasValue(137);
  }

  /** A pool worker (whose class is in a jar) serving pool {@code archive}, until killed. */
  private static JvmProcess worker(Manager manager, String classpath) {
    return JvmProcess.builder(PoolWorker.class)
        .manager(manager)
        .daemon(true)
        .classpath(classpath)
        .classDataArchive(true)
        .args("--pool", "archive")
        .start();
  }

  private static List<Path> archives(Path cache) throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(file -> file.toString().endsWith(".jsa")).collect(Collectors.toList());
    }
  }

  private static List<Path> leftovers(Path cache) throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files
          .filter(file -> file.toString().endsWith(".lock") || file.toString().endsWith(".tmp"))
          .collect(Collectors.toList());
    }
  }

  private static String commandLine(JvmProcess child) throws IOException {
    return new String(
            Files.readAllBytes(Paths.get("/proc", Long.toString(child.pid()), "cmdline")),
            StandardCharsets.UTF_8)
        .replace('\0', ' ');
  }
}
