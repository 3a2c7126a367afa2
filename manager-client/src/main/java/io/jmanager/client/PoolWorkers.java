package io.jmanager.client;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker JVMs one pool handle started: daemon children running {@link PoolWorker} under the
 * handle's tag. A child that exits while the handle still wants workers (killed, crashed, recycled
 * after its task limit) is replaced, as Python's pool does; one that exits because its command line
 * or initializer is broken is not, since its replacement would fail alike.
 */
final class PoolWorkers {
  private final Manager manager;
  private final String pool;
  private final String tag;
  private final Pool.Options options;
  private final PoolProxy owner;
  private final List<JvmProcess> running = new ArrayList<>();
  private int started;
  private boolean stopped;

  PoolWorkers(Manager manager, String pool, String tag, Pool.Options options, PoolProxy owner) {
    this.manager = manager;
    this.pool = pool;
    this.tag = tag;
    this.options = options;
    this.owner = owner;
  }

  /** Starts the configured number of workers. */
  synchronized void start() {
    for (int i = 0; i < options.processes; i++) {
      spawn();
    }
  }

  private synchronized void spawn() {
    JvmProcess.Builder builder =
        JvmProcess.builder(PoolWorker.class)
            .manager(manager)
            .daemon(true)
            .name(pool + "-worker-" + ++started)
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
    worker.onExit().thenRun(() -> exited(worker));
  }

  private void exited(JvmProcess worker) {
    int code = worker.exitCode().orElse(-1);
    synchronized (this) {
      running.remove(worker);
      if (stopped || !owner.wantsWorkers()) {
        return;
      }
      if (code != PoolWorker.USAGE && code != PoolWorker.INITIALIZER_FAILED) {
        spawn();
        return;
      }
      stopped = true;
    }
    if (code == PoolWorker.USAGE) {
      owner.breakWith(
          new WorkerLostException(
              "pool '" + pool + "' cannot run workers: " + worker + " refused its command line"));
    }
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
