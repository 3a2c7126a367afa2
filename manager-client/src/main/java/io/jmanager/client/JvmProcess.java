package io.jmanager.client;

import io.jmanager.protocol.Timeouts;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A main class running in a child JVM, the twin of Python's {@code multiprocessing.Process}. The
 * child gets this JVM's classpath and, when a {@link Manager} is given, the manager's address,
 * authkey and TLS files through its environment (never its command line), so it connects with
 * {@link Manager#fromEnvironment()}, which also registers the manager's value classes. Its standard
 * output and error go to this JVM's unless redirected.
 *
 * <pre>{@code
 * JvmProcess worker = JvmProcess.start(Worker.class, manager, "job-1");
 * worker.join();
 * }</pre>
 *
 * <p>A daemon child dies with its parent: the parent destroys it when it exits, and the child halts
 * by itself if the parent is killed outright. A non-daemon child keeps its parent running until it
 * ends, as Python waits for non-daemon children when the main program ends: a non-daemon thread
 * waits for it. {@link System#exit} does not wait for it: the child goes on alone.
 *
 * <h2>Errors</h2>
 *
 * <p>Starting a child throws {@link java.io.UncheckedIOException} when its JVM cannot be started;
 * {@code join} throws {@link InterruptedException} when the waiting thread is interrupted, as
 * {@link Process#waitFor()} does. The other methods only look at or signal the local process and
 * throw nothing; what goes wrong in the child shows in its output and {@link #exitCode()}.
 */
public final class JvmProcess {
  /** Environment variable naming the pid a daemon child watches. */
  static final String PARENT_PID_ENV = "JMANAGER_DAEMON_PARENT_PID";

  private static final Set<Process> DAEMONS = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> DAEMONS.forEach(Process::destroyForcibly), "jmanager-daemon-reaper"));
  }

  private final Process process;
  private final String name;

  private JvmProcess(Process process, String name) {
    this.process = process;
    this.name = name;
  }

  /**
   * Starts {@code main} in a non-daemon child JVM connected to {@code manager}'s server; throws
   * {@link UncheckedIOException} when the JVM cannot be started.
   */
  public static JvmProcess start(Class<?> main, Manager manager, String... args) {
    return builder(main).manager(manager).args(args).start();
  }

  /** Returns a builder for a child running {@code main}, which must have a static main method. */
  public static Builder builder(Class<?> main) {
    return new Builder(main);
  }

  /** The child's operating-system process id. */
  public long pid() {
    return process.pid();
  }

  /** The name given to this child, by default its main class's simple name and pid. */
  public String name() {
    return name;
  }

  /** Waits until the child exits. */
  public void join() throws InterruptedException {
    process.waitFor();
  }

  /** Waits at most {@code timeout} for the child to exit; returns whether it has. */
  public boolean join(Duration timeout) throws InterruptedException {
    return process.waitFor(Timeouts.nanos(timeout), TimeUnit.NANOSECONDS);
  }

  /** Whether the child is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The child's exit code, empty while it runs; 128 + n when signal n ended it (143 after {@link
   * #terminate()}, 137 after {@link #kill()}), as on a shell.
   */
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  /** A future completed with this child when it exits, on a JDK thread; keep its actions short. */
  public CompletableFuture<JvmProcess> onExit() {
    return process.onExit().thenApply(exited -> this);
  }

  /** Asks the child to stop (SIGTERM): its shutdown hooks run. */
  public void terminate() {
    process.destroy();
  }

  /** Stops the child at once (SIGKILL): nothing of it runs any more. */
  public void kill() {
    process.destroyForcibly();
  }

  @Override
  public String toString() {
    return name + (isAlive() ? " (running)" : " (exit " + process.exitValue() + ")");
  }

  /**
   * Configures and starts a {@link JvmProcess}.
   *
   * <h2>Errors</h2>
   *
   * <p>The setters throw {@link NullPointerException} for a null argument; {@link #start()} throws
   * {@link java.io.UncheckedIOException} when the JVM cannot be started.
   */
  public static final class Builder {
    private final Class<?> main;
    private final List<String> args = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private Manager manager;
    private boolean daemon;
    private String name;
    private File output;
    private Supplier<byte[]> input;

    private Builder(Class<?> main) {
      this.main = Objects.requireNonNull(main, "main");
    }

    /** Sets the arguments passed to the child's main method. */
    public Builder args(String... args) {
      this.args.addAll(List.of(args));
      return this;
    }

    /** Sets options for the child JVM itself, such as {@code -Xmx64m}. */
    public Builder jvmOptions(String... options) {
      this.jvmOptions.addAll(List.of(options));
      return this;
    }

    /** Lets the child connect to this manager's server with {@link Manager#fromEnvironment()}. */
    public Builder manager(Manager manager) {
      this.manager = Objects.requireNonNull(manager, "manager");
      return this;
    }

    /** Makes the child die with this JVM, like Python's {@code daemon=True} (default false). */
    public Builder daemon(boolean daemon) {
      this.daemon = daemon;
      return this;
    }

    /** Names the child, for messages. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Appends the child's standard output and error to a file instead of this JVM's output. */
    public Builder redirectOutput(File file) {
      this.output = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Sets a variable of the child's environment, or removes an inherited one when {@code value} is
     * null; the manager's and the daemon's variables are set after these.
     */
    Builder environment(String name, String value) {
      environment.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /**
     * Gives the child, on its standard input, the bytes {@code input} makes when {@link #start()}
     * is called, before the child starts; what {@code input} throws, {@code start()} throws.
     */
    Builder input(Supplier<byte[]> input) {
      this.input = Objects.requireNonNull(input, "input");
      return this;
    }

    /** Starts the child; throws {@link UncheckedIOException} when it cannot be started. */
    public JvmProcess start() {
      byte[] bytes = input == null ? new byte[0] : input.get();
      ProcessBuilder builder = new ProcessBuilder(command());
      environment(builder.environment());
      if (output == null) {
        builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
      } else {
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output));
      }
      try {
        Process process = builder.start();
        send(process, bytes);
        if (daemon) {
          DAEMONS.add(process);
          process.onExit().thenRun(() -> DAEMONS.remove(process));
        } else {
          keepAliveUntilExit(process);
        }
        return new JvmProcess(
            process, name == null ? main.getSimpleName() + "-" + process.pid() : name);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start a JVM for " + main.getName(), e);
      }
    }

    private static void send(Process process, byte[] bytes) throws IOException {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(bytes);
      } catch (IOException e) {
        process.destroyForcibly();
        throw e;
      }
    }

    /** Keeps this JVM running while a non-daemon child runs: a non-daemon thread waits for it. */
    private static void keepAliveUntilExit(Process process) {
      Thread waiter =
          new Thread(
              () ->
                  Remote.uninterruptibly(
                      () -> {
                        process.waitFor();
                        return true;
                      }),
              "jmanager-child-" + process.pid());
      waiter.setDaemon(false);
      waiter.start();
    }

    private List<String> command() {
      List<String> command = new ArrayList<>();
      command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(JvmProcessLauncher.class.getName());
      command.add(main.getName());
      command.addAll(args);
      return command;
    }

    private void environment(Map<String, String> environment) {
      environment.remove(PARENT_PID_ENV);
      this.environment.forEach(
          (variable, value) -> {
            if (value == null) {
              environment.remove(variable);
            } else {
              environment.put(variable, value);
            }
          });
      if (manager != null) {
        environment.put(Manager.ADDRESS_ENV, manager.host() + ":" + manager.port());
        environment.put(
            Manager.AUTHKEY_BASE64_ENV, Base64.getEncoder().encodeToString(manager.authkey()));
        StringJoiner classes = new StringJoiner(",");
        manager.classes().forEach((type, id) -> classes.add(type.getName() + "=" + id));
        environment.put(Manager.VALUE_CLASSES_ENV, classes.toString());
        ClientTls.environment(manager.tls(), environment);
        manager.keepalive().environment(environment);
      }
      if (daemon) {
        environment.put(PARENT_PID_ENV, Long.toString(ProcessHandle.current().pid()));
      }
    }
  }
}
