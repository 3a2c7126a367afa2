package io.jmanager.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A jmanager daemon in its own JVM on 127.0.0.1, started from the server jar and stopped by pid.
 */
final class Daemon implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("ready on 127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final int port;

  private Daemon(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the daemon on a free port with the given JVM options and daemon options, and waits for
   * its ready line.
   */
  static Daemon start(Path jar, List<String> jvmOptions, List<String> options)
      throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("--port", "0"));
    all.addAll(options);
    return startWith(jar, jvmOptions, all);
  }

  /**
   * Starts the daemon with the given JVM options and daemon options, {@code --port} among them, and
   * waits for its ready line.
   */
  static Daemon startWith(Path jar, List<String> jvmOptions, List<String> options)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it with ./mvnw -DskipTests package");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(options);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // The mode comes from the options alone: an inherited data directory would make it durable.
    builder.environment().remove("JMANAGER_DATA_DIR");
    Process process = builder.start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  Matcher ready = READY.matcher(line);
                  if (ready.find()) {
                    port.complete(Integer.parseInt(ready.group(1)));
                  } else {
                    System.err.println("daemon: " + line);
                  }
                }
              } catch (IOException e) {
                port.completeExceptionally(e);
              }
              port.completeExceptionally(new IllegalStateException("the daemon exited"));
            },
            "daemon-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new Daemon(process, port.get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("the daemon did not start: " + e.getMessage(), e);
    }
  }

  /** Its port on 127.0.0.1. */
  int port() {
    return port;
  }

  /** Its process id, for jcmd. */
  long pid() {
    return process.pid();
  }

  /** Kills it with SIGKILL and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
  }

  /** Sends it a signal by name ({@code STOP}, {@code CONT}) with {@code kill}. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start();
    if (!kill.waitFor(20, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + name + " " + pid() + " failed");
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
  }
}
