package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the daemon jar as real processes, as a user would; {@link #close} kills what is left. */
final class Daemons implements AutoCloseable {
  static final Path JAR = Paths.get("..", "manager-server", "target", "manager-server.jar");
  private static final Pattern READY = Pattern.compile("ready on 127\\.0\\.0\\.1:(\\d+)");

  private final List<Daemon> started = new ArrayList<>();

  /** One daemon process and every line it has printed so far. */
  record Daemon(Process process, List<String> output) {
    /** Waits until it says it is ready; returns the port it listens on. */
    int awaitReadyPort() {
      return await()
          .atMost(120, TimeUnit.SECONDS)
          .until(
              () -> output.stream().map(READY::matcher).filter(Matcher::find).findFirst(),
              Optional::isPresent)
          .map(matcher -> Integer.parseInt(matcher.group(1)))
          .orElseThrow();
    }

    /** Kills it with SIGKILL and waits until it is gone. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("killed daemon exited").isTrue();
    }

    /** Sends it a signal, such as {@code STOP} or {@code CONT}, and waits until it is sent. */
    void signal(String name) throws IOException, InterruptedException {
      Process kill =
          new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
      assertThat(kill.waitFor(30, TimeUnit.SECONDS)).as("kill -" + name + " exited").isTrue();
      assertThat(kill.exitValue()).as("kill -" + name).isZero();
    }

    /** Everything it printed, one line after another. */
    String printed() {
      return String.join("\n", output);
    }
  }

  /** Starts the daemon with {@code args} and only the {@code JMANAGER_} variables given. */
  Daemon start(List<String> args, Map<String, String> environment) throws IOException {
    assertThat(JAR).as("run `mvn package` first").exists();
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("JMANAGER_"));
    builder.environment().putAll(environment);
    Daemon daemon = new Daemon(builder.start(), new CopyOnWriteArrayList<>());
    started.add(daemon);
    Thread reader = new Thread(() -> collect(daemon), "daemon-output");
    reader.setDaemon(true);
    reader.start();
    return daemon;
  }

  private static void collect(Daemon daemon) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(daemon.process().getInputStream(), StandardCharsets.UTF_8))) {
      lines.lines().forEach(daemon.output()::add);
    } catch (IOException e) {
      daemon.output().add("output ended: " + e);
    }
  }

  private static String javaBinary() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public void close() {
    started.forEach(daemon -> daemon.process().destroyForcibly());
  }
}
