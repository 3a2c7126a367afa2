package io.jmanager.client;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker JVMs one pool handle started: daemon children running {@link PoolWorker} under the
 * handle's tag, one per slot, without {@link JvmProcess.Builder#fastStart}'s options, since a
 * worker lives long enough for its tasks to want the optimizing compiler. A child that exits while
 * the handle still wants workers (killed, crashed, recycled after its task limit) is replaced, as
 * Python's pool does; one that exits because its command line or initializer is broken is not,
 * since its replacement would fail alike. Nor is one whose slot's last {@link #MAX_START_FAILURES}
 * workers all exited before they served the pool (their JVM refused its options, could not load the
 * worker, or could not connect): the pool is then broken, and its tasks fail with a {@link
 * WorkerLostException} caused by a {@link ProcessStartException}, instead of JVMs being started for
 * ever.
 */
final class PoolWorkers {
  /** Workers of one slot in a row that exit before serving, after which the pool breaks. */
  static final int MAX_START_FAILURES = 3;

  private final Manager manager;
  private final String pool;
  private final String tag;
  private final Pool.Options options;
  private final PoolProxy owner;
  private final String classpath = ChildClasspath.current();
  private final List<JvmProcess> running = new ArrayList<>();
  private final int[] startFailures;
  private int started;
  private boolean stopped;

  PoolWorkers(Manager manager, String pool, String tag, Pool.Options options, PoolProxy owner) {
    this.manager = manager;
    this.pool = pool;
    this.tag = tag;
    this.options = options;
    this.owner = owner;
    this.startFailures = new int[options.processes];
  }

  /** Starts the configured number of workers. */
  synchronized void start() {
    for (int slot = 0; slot < options.processes; slot++) {
      spawn(slot);
    }
  }

  private synchronized void spawn(int slot) {
    JvmProcess.Builder builder =
        JvmProcess.builder(PoolWorker.class)
            .manager(manager)
            .daemon(true)
            .name(pool + "-worker-" + ++started)
            .classpath(classpath)
            .fastStart(false)
            .jvmOptions(options.jvmOptions.toArray(new String[0]))
            .args("--pool", pool, "--tag", tag);
    if (options.output != null) {
      builder.redirectOutput(options.output);
    }
    JvmProcess worker;
    try {
      worker = builder.start();
    } catch (UncheckedIOException e) {
      stopped = true;
      owner.breakWith(new WorkerLostException("pool '" + pool + "' cannot start a worker: " + e));
      return;
    }
    running.add(worker);
    worker.onExit().thenRun(() -> exited(worker, slot));
  }

  private void exited(JvmProcess worker, int slot) {
    int code = worker.exitCode().orElse(-1);
    StartReport.Outcome outcome = worker.outcome();
    WorkerLostException broken;
    synchronized (this) {
      running.remove(worker);
      if (stopped || !owner.wantsWorkers() || code == PoolWorker.INITIALIZER_FAILED) {
        stopped = stopped || code == PoolWorker.INITIALIZER_FAILED;
        return;
      }
      startFailures[slot] = outcome.serving() ? 0 : startFailures[slot] + 1;
      if (code != PoolWorker.USAGE && startFailures[slot] < MAX_START_FAILURES) {
        spawn(slot);
        return;
      }
      stopped = true;
      broken = code == PoolWorker.USAGE ? refused(worker) : cannotStart(worker, code, outcome);
    }
    owner.breakWith(broken);
  }

  private WorkerLostException refused(JvmProcess worker) {
    return new WorkerLostException(
        "pool '" + pool + "' cannot run workers: " + worker + " refused its command line");
  }

  private WorkerLostException cannotStart(
      JvmProcess worker, int code, StartReport.Outcome outcome) {
    String why =
        outcome.failure() != null
            ? outcome.failure()
            : worker.name() + " exited with code " + code + " before it served the pool";
    return new WorkerLostException(
        "pool '"
            + pool
            + "' is broken: "
            + MAX_START_FAILURES
            + " workers in a row exited before serving it; the last: "
            + why,
        new ProcessStartException(why));
  }

  /** Kills every worker now and starts no more. */
  void kill() {
    List<JvmProcess> victims;
    synchronized (this) {
      stopped = true;
      victims = List.copyOf(running);
    }
    victims.forEach(JvmProcess::kill);
  }

  /** Waits for every worker started so far to exit. */
  void join() throws InterruptedException {
    for (JvmProcess worker : snapshot()) {
      worker.join();
    }
  }

  /**
   * Waits until {@code deadline} (a nano time) for every worker to exit; returns whether all did.
   */
  boolean join(long deadline) throws InterruptedException {
    for (JvmProcess worker : snapshot()) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !worker.join(Duration.ofNanos(left))) {
        return false;
      }
    }
    return true;
  }

  private synchronized List<JvmProcess> snapshot() {
    return List.copyOf(running);
  }
}
