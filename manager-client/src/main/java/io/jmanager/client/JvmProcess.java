package io.jmanager.client;

import io.jmanager.protocol.Timeouts;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * child gets this application's classpath, however this JVM was started ({@code java -cp}, {@code
 * java -jar}, an IDE, {@code mvn exec:java}: see {@link ChildClasspath}), and, when a {@link
 * Manager} is given, the manager's address, authkey and TLS files through its environment (never
 * its command line), so it connects with {@link Manager#fromEnvironment()}, which also registers
 * the manager's value classes. Its standard output and error go to this JVM's unless redirected.
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
 * <p>{@link #builder} throws {@link IllegalArgumentException} when the main class has no static
 * {@code main(String[])}. Starting a child throws {@link java.io.UncheckedIOException} when its JVM
 * cannot be started. {@code join} throws {@link ProcessStartException} when the child exited before
 * its main method ran or could not start (its JVM refused its options or could not load the main
 * class, or its main called {@link Manager#fromEnvironment()} though no manager was passed), and
 * {@link InterruptedException} when the waiting thread is interrupted, as {@link Process#waitFor()}
 * does. The other methods only look at or signal the local process and throw nothing: {@link
 * #exitCode()} of a child that could not start is its JVM's code (87 when the launcher found the
 * fault), and {@link #onExit()} completes normally. What goes wrong in the child after its main
 * started shows in its output and {@link #exitCode()}.
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
  private final Path report;
  private volatile boolean signalled;
  private StartReport.Outcome outcome;

  private JvmProcess(Process process, String name, Path report) {
    this.process = process;
    this.name = name;
    this.report = report;
  }

  /**
   * Starts {@code main} in a non-daemon child JVM connected to {@code manager}'s server; throws
   * {@link UncheckedIOException} when the JVM cannot be started.
   */
  public static JvmProcess start(Class<?> main, Manager manager, String... args) {
    return builder(main).manager(manager).args(args).start();
  }

  /**
   * Returns a builder for a child running {@code main}; throws {@link IllegalArgumentException}
   * when {@code main} has no static {@code main(String[])} method.
   */
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

  /** Waits until the child exits; throws {@link ProcessStartException} when it could not start. */
  public void join() throws InterruptedException {
    process.waitFor();
    checkStarted();
  }

  /**
   * Waits at most {@code timeout} for the child to exit; returns whether it has. Throws {@link
   * ProcessStartException} when it exited because it could not start.
   */
  public boolean join(Duration timeout) throws InterruptedException {
    if (!process.waitFor(Timeouts.nanos(timeout), TimeUnit.NANOSECONDS)) {
      return false;
    }
    checkStarted();
    return true;
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
    signalled = true;
    process.destroy();
  }

  /** Stops the child at once (SIGKILL): nothing of it runs any more. */
  public void kill() {
    signalled = true;
    process.destroyForcibly();
  }

  @Override
  public String toString() {
    return name + (isAlive() ? " (running)" : " (exit " + process.exitValue() + ")");
  }

  /** What the exited child's start report said; read (and its file deleted) on first use. */
  synchronized StartReport.Outcome outcome() {
    if (outcome == null) {
      outcome = StartReport.read(report, name, process.exitValue(), signalled);
    }
    return outcome;
  }

  private void checkStarted() {
    String failure = outcome().failure();
    if (failure != null) {
      throw new ProcessStartException(failure);
    }
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
    private String classpath;
    private boolean fastStart = FastStart.enabled(FastStart.FLAGS_ENV);
    private boolean classDataArchive = FastStart.enabled(FastStart.ARCHIVE_ENV);

    private Builder(Class<?> main) {
      this.main = Objects.requireNonNull(main, "main");
      JvmProcessLauncher.mainMethod(main);
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
     * Whether the child gets the JVM options for a quick start, before the {@link #jvmOptions}
     * (which override them): {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}. Default true unless
     * {@code JMANAGER_FAST_START=false}; turn it off for a long-lived child whose hot code needs
     * the optimizing compiler, or pass {@code -XX:TieredStopAtLevel=4}.
     */
    public Builder fastStart(boolean fastStart) {
      this.fastStart = fastStart;
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

    /**
     * Whether the child maps a class data sharing archive of jmanager's client classes, made once
     * per classpath and JVM in a per-user cache directory ({@code JMANAGER_CACHE_DIR}, else {@code
     * ~/.cache/jmanager}) by a training JVM the first child starts. Only a classpath of jars can
     * have one; the children started before it is made run without. Default true unless {@code
     * JMANAGER_CLASS_DATA_ARCHIVE=false}.
     */
    public Builder classDataArchive(boolean classDataArchive) {
      this.classDataArchive = classDataArchive;
      return this;
    }

    /** Sets the child's classpath, by default {@link ChildClasspath#current()} when it starts. */
    Builder classpath(String classpath) {
      this.classpath = Objects.requireNonNull(classpath, "classpath");
      return this;
    }

    /** Starts the child; throws {@link UncheckedIOException} when it cannot be started. */
    public JvmProcess start() {
      byte[] bytes = input == null ? new byte[0] : input.get();
      Path report = null;
      try {
        report = StartReport.create();
        ProcessBuilder builder = new ProcessBuilder(command());
        environment(builder.environment(), report);
        if (output == null) {
          builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
          builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        } else {
          builder
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(output));
        }
        Process process = builder.start();
        send(process, bytes);
        if (daemon) {
          DAEMONS.add(process);
          process.onExit().thenRun(() -> DAEMONS.remove(process));
        } else {
          keepAliveUntilExit(process);
        }
        JvmProcess child =
            new JvmProcess(
                process, name == null ? main.getSimpleName() + "-" + process.pid() : name, report);
        process.onExit().thenRun(child::outcome);
        return child;
      } catch (IOException e) {
        deleteQuietly(report);
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

    private List<String> command() throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      if (fastStart) {
        command.addAll(FastStart.flags(jvmOptions));
      }
      command.addAll(jvmOptions);
      String path = classpath == null ? ChildClasspath.current() : classpath;
      if (classDataArchive) {
        command.addAll(FastStart.archive(path, jvmOptions));
      }
      command.addAll(ChildClasspath.arguments(path));
      command.add(JvmProcessLauncher.class.getName());
      command.add(main.getName());
      command.addAll(args);
      return command;
    }

    private static void deleteQuietly(Path report) {
      if (report != null) {
        try {
          Files.deleteIfExists(report);
        } catch (IOException e) {
          // a temporary file; the system's clean-up takes it
        }
      }
    }

    private void environment(Map<String, String> environment, Path report) {
      environment.remove(PARENT_PID_ENV);
      environment.put(StartReport.ENV, report.toString());
      this.environment.forEach(
          (variable, value) -> {
            if (value == null) {
              environment.remove(variable);
            } else {
              environment.put(variable, value);
            }
          });
      if (manager != null) {
        environment.put(Manager.ADDRESS_ENV, manager.address());
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
