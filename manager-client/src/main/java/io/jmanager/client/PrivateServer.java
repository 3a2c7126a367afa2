package io.jmanager.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A server owned by one program, the twin of the process Python's {@code Manager()} starts: the
 * daemon's main class, {@code io.jmanager.server.Main}, in a daemon child JVM bound to a free
 * loopback port, with a random key given through the child's environment. The child dies with its
 * owner, even one killed outright ({@link JvmProcess}'s daemon watch), and {@link #close()} stops
 * it.
 *
 * <p>The client carries no server code: the main class is looked up by name on the classpath, from
 * the {@code manager-server} module, so an application that starts a private server depends on that
 * module at runtime.
 */
final class PrivateServer {
  /** The daemon's main class, in the manager-server module. */
  static final String MAIN_CLASS = "io.jmanager.server.Main";

  /** How long the server may take to start and report its port. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** How long a stopping server may take after SIGTERM before it is killed. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /** How often a starting server's port file is looked for. */
  private static final Duration POLL = Duration.ofMillis(10);

  /**
   * The private server's handshake limits, as environment variables so that the owner's {@code
   * serverArguments} still override them: a minute to authenticate, and no per-address cap that the
   * owner's own children could reach.
   */
  private static final Map<String, String> LOOPBACK_LIMITS =
      Map.of(
          "JMANAGER_HANDSHAKE_TIMEOUT_SECONDS", "60",
          "JMANAGER_MAX_HANDSHAKES_PER_ADDRESS", "1024",
          "JMANAGER_MAX_FAILED_HANDSHAKES", "1000");

  private final JvmProcess process;
  private final int port;
  private final byte[] authkey;

  private PrivateServer(JvmProcess process, int port, byte[] authkey) {
    this.process = process;
    this.port = port;
    this.authkey = authkey;
  }

  /**
   * Starts the server with these JVM options and daemon arguments, and waits until it listens.
   * Throws {@link IllegalStateException} when the manager-server module is not on the classpath,
   * {@link UncheckedIOException} when the JVM cannot be started, and {@link ManagerException} when
   * the server exits or does not report its port within a minute.
   */
  static PrivateServer start(List<String> jvmOptions, List<String> arguments) {
    Class<?> main = mainClass();
    String key = Base64.getEncoder().encodeToString(randomBytes(32));
    Path directory = temporaryDirectory();
    Path portFile = directory.resolve("port");
    List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0"));
    args.addAll(List.of("--port-file", portFile.toString(), "--log-level", "warn"));
    args.addAll(arguments);
    JvmProcess.Builder builder =
        JvmProcess.builder(main)
            .name("jmanager-server")
            .daemon(true)
            // a server lives long and runs hot: it needs the optimizing JIT and its own collector
            .fastStart(false)
            .jvmOptions(jvmOptions.toArray(String[]::new))
            .args(args.toArray(String[]::new));
    // the server reads its settings from JMANAGER_* variables: none of this program's may reach it
    System.getenv().keySet().stream()
        .filter(variable -> variable.startsWith("JMANAGER_"))
        .forEach(variable -> builder.environment(variable, null));
    // every client comes from this host, often many children at once on a loaded machine: the
    // limits that guard a shared daemon against strangers' handshakes would only refuse them
    LOOPBACK_LIMITS.forEach(builder::environment);
    JvmProcess process = builder.environment("JMANAGER_AUTHKEY", key).start();
    try {
      int port = awaitPort(process, portFile);
      return new PrivateServer(process, port, key.getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException | Error e) {
      process.kill();
      throw e;
    } finally {
      deleteQuietly(portFile);
      deleteQuietly(directory);
    }
  }

  /** The port the server listens on, on 127.0.0.1. */
  int port() {
    return port;
  }

  /** The key clients prove they know. */
  byte[] authkey() {
    return authkey.clone();
  }

  /** The server's process. */
  JvmProcess process() {
    return process;
  }

  /**
   * Stops the server: SIGTERM, then SIGKILL if it has not exited within ten seconds. Throws
   * nothing; an interrupted wait kills the server at once and keeps the interrupt.
   */
  void close() {
    process.terminate();
    try {
      if (!process.join(STOP_TIMEOUT)) {
        process.kill();
        process.join(STOP_TIMEOUT);
      }
    } catch (InterruptedException e) {
      process.kill();
      Thread.currentThread().interrupt();
    }
  }

  private static Class<?> mainClass() {
    try {
      return Class.forName(MAIN_CLASS, false, PrivateServer.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "Manager.start() runs the jmanager server in a child JVM, and its main class "
              + MAIN_CLASS
              + " is not on the classpath: add the dependency io.jmanager:manager-server"
              + " (scope runtime) to the application",
          e);
    }
  }

  /** Waits until the server has written its port file, or exits, or the start timeout passes. */
  private static int awaitPort(JvmProcess process, Path portFile) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try {
      while (!Files.exists(portFile)) {
        if (process.join(POLL)) {
          throw new ManagerException(
              "the private jmanager server exited with code "
                  + process.exitCode().orElse(-1)
                  + " before it was ready; its output above says why");
        }
        if (System.nanoTime() - deadline > 0) {
          throw new ManagerException(
              "the private jmanager server did not start within " + START_TIMEOUT);
        }
      }
      return Integer.parseInt(Files.readString(portFile).trim());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ManagerException("interrupted while the private jmanager server started");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the private server's port file", e);
    }
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  /** A new directory only this user may read, for the port file. */
  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("jmanager-server-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the server's port file", e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // a leftover empty directory or port file in the temporary directory harms no one
    }
  }
}
