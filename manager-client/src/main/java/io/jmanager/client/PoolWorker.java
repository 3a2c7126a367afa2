package io.jmanager.client;

import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.PoolOp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A worker JVM of a {@link Pool}: connects to the manager, joins the pool, runs the initializer
 * once, then takes tasks one at a time, runs them, and sends back each result with its next take.
 * {@link Manager#pool} starts these as children; start more by hand on any host whose classpath
 * holds the application's classes, so one pool spans machines:
 *
 * <pre>
 * JMANAGER_ADDRESS=host:50000 JMANAGER_AUTHKEY=secret \
 *   java -cp app.jar io.jmanager.client.PoolWorker --pool squares --register com.example.Point
 * </pre>
 *
 * <p>Exit codes: 0 when its pool handle retired it or it reached its task limit, 1 when the
 * connection to the manager failed or ended or a task ran the JVM out of memory, 2 for a bad
 * command line, 3 when the initializer threw. A worker stopped mid-task (SIGTERM, SIGKILL, a crash)
 * loses nothing: the server gives its task to another worker.
 *
 * <h2>Errors</h2>
 *
 * <p>{@link #main} throws nothing: failures end the JVM with the exit codes above. {@link
 * #manager()} throws {@link IllegalStateException} outside a pool worker.
 */
@Command(
    name = "PoolWorker",
    description = "Runs the tasks of a jmanager pool.",
    footer =
        "The address and key come from JMANAGER_ADDRESS and JMANAGER_AUTHKEY (or"
            + " JMANAGER_AUTHKEY_BASE64) unless given here; TLS from JMANAGER_TLS_CA (or"
            + " JMANAGER_TLS=true) and, for mutual TLS, JMANAGER_TLS_CERT and JMANAGER_TLS_KEY.")
public final class PoolWorker implements Callable<Integer> {
  /** Exit code for a connection that failed or ended, or a JVM out of memory. */
  static final int FAILED = 1;

  /** Exit code for a bad command line. */
  static final int USAGE = 2;

  /** Exit code for an initializer that threw. */
  static final int INITIALIZER_FAILED = 3;

  private static volatile Manager current;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Option(names = "--pool", required = true, description = "The pool to serve.")
  private String pool;

  @Option(
      names = "--address",
      description =
          "The server as host:port, or a cluster as host:port,host:port,... [JMANAGER_ADDRESS].")
  private String address;

  @Option(names = "--authkey-file", description = "A file holding the authkey.")
  private Path authkeyFile;

  @Option(
      names = "--register",
      split = ",",
      description = "A value class tasks use, registered by name as the caller does.")
  private List<String> classes = new ArrayList<>();

  @Option(
      names = "--max-tasks",
      description = "Exit after this many tasks (default: never).",
      defaultValue = "0")
  private int maxTasks;

  @Option(
      names = "--initializer",
      description = "A Runnable class with a no-argument constructor to run once before any task.")
  private String initializer;

  @Option(names = "--tag", hidden = true, description = "The pool handle that started this worker.")
  private String tag;

  private PoolWorker() {}

  /** Runs a worker until it is retired, reaches its task limit, or loses its connection. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new PoolWorker()).execute(args));
  }

  /**
   * The manager of the pool this JVM works for, so that tasks can use shared objects; throws {@link
   * IllegalStateException} outside a pool worker.
   */
  public static Manager manager() {
    Manager manager = current;
    if (manager == null) {
      throw new IllegalStateException("this JVM is not a pool worker");
    }
    return manager;
  }

  @Override
  public Integer call() throws Exception {
    Manager manager;
    try {
      manager = builder().connect();
    } catch (IllegalArgumentException | IllegalStateException | ClassNotFoundException e) {
      System.err.println("PoolWorker: " + e.getMessage());
      return USAGE;
    } catch (ManagerException e) {
      System.err.println("PoolWorker: " + e.getMessage());
      return FAILED;
    }
    try (manager) {
      current = manager;
      return serve(manager);
    } catch (ManagerException e) {
      System.err.println("PoolWorker of pool '" + pool + "' stops: " + e.getMessage());
      return FAILED;
    }
  }

  private Manager.Builder builder() throws ClassNotFoundException {
    Manager.Builder builder = Manager.builder();
    EnvironmentSettings environment = EnvironmentSettings.current();
    environment.key(builder);
    environment.classes(builder);
    environment.tls(builder);
    environment.keepalive(builder);
    if (address == null) {
      builder.fromEnvironment();
    } else {
      builder.addresses(address);
    }
    if (authkeyFile != null) {
      builder.authkey(EnvironmentSettings.readKeyFile(authkeyFile));
    }
    for (String name : classes) {
      builder.register(Class.forName(name));
    }
    return builder;
  }

  private int serve(Manager manager) throws Exception {
    Remote remote = manager.remote(pool, ObjectType.POOL);
    TaskCodec codec = manager.taskCodec();
    List<?> settings = (List<?>) remote.call(PoolOp.JOIN, tag);
    StartReport.mark(StartReport.SERVING);
    int limit = maxTasks > 0 ? maxTasks : (Integer) settings.get(1);
    try {
      initialize(codec, (byte[]) settings.get(0));
    } catch (Exception | Error e) {
      System.err.println("PoolWorker: the initializer of pool '" + pool + "' failed:");
      e.printStackTrace();
      if (tag != null) {
        remote.call(PoolOp.BROKEN, TaskCodec.encodeFailure(e));
      }
      return INITIALIZER_FAILED;
    }
    long done = -1;
    Outcome outcome = new Outcome(PoolOp.DONE, null);
    for (int count = 0; limit == 0 || count < limit; count++) {
      // a task that left its thread interrupted must not stop this JVM from reporting its outcome
      Thread.interrupted();
      List<?> task =
          (List<?>) remote.callParked(PoolOp.TAKE, -1, done, outcome.status, outcome.detail);
      if (task == null) {
        return 0;
      }
      done = (Long) task.get(0);
      outcome = run(codec, (byte[]) task.get(1));
      if (outcome.fatal != null) {
        remote.call(PoolOp.LEAVE, done, outcome.status, outcome.detail);
        System.err.println("PoolWorker: exiting after " + outcome.fatal);
        return FAILED;
      }
    }
    remote.call(PoolOp.LEAVE, done, outcome.status, outcome.detail);
    return 0;
  }

  private void initialize(TaskCodec codec, byte[] task) throws Exception {
    if (task != null) {
      codec.decodeTask(task).run();
    }
    if (initializer != null) {
      Class.forName(initializer)
          .asSubclass(Runnable.class)
          .getDeclaredConstructor()
          .newInstance()
          .run();
    }
  }

  /** Runs one task; a failure is an outcome too, reported to the caller as text. */
  private static Outcome run(TaskCodec codec, byte[] payload) {
    try {
      return new Outcome(PoolOp.DONE, codec.encodeResults(codec.decodeTask(payload).run()));
    } catch (OutOfMemoryError e) {
      return new Outcome(PoolOp.FAILED, TaskCodec.encodeFailure(e), e);
    } catch (Exception | Error e) {
      return new Outcome(PoolOp.FAILED, TaskCodec.encodeFailure(e));
    }
  }

  /**
   * What a task produced: a status, its detail bytes, and an error after which this JVM should not
   * go on (out of memory), so it reports and exits for a fresh one to replace it.
   */
  private record Outcome(int status, byte[] detail, Error fatal) {
    Outcome(int status, byte[] detail) {
      this(status, detail, null);
    }
  }
}
