package io.jmanager.client;

import io.jmanager.protocol.PoolOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The results a pool handle waits for: one raw future per task submitted and not yet settled,
 * completed by the handle's result thread, which parks one RESULTS call at a time on the server and
 * gets results in batches.
 *
 * <p>The result thread runs until {@link #stop} (once the handle has retired its workers) or until
 * the connection fails, which breaks the pool. After each batch it lets the handle retire its
 * workers if it is shut down and nothing is pending.
 */
final class PoolResults {
  private final PoolProxy pool;
  private final Remote remote;
  private final long handle;
  private final TaskCodec codec;
  private final Map<Long, CompletableFuture<List<Object>>> pending = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean stopped;

  /** Collects the results of the tasks {@code pool} submits under {@code handle}. */
  PoolResults(PoolProxy pool, Remote remote, long handle, TaskCodec codec) {
    this.pool = pool;
    this.remote = remote;
    this.handle = handle;
    this.codec = codec;
    this.thread = new Thread(this::collect, "jmanager-pool-" + remote.name());
    thread.setDaemon(true);
  }

  /** Starts the result thread. */
  void start() {
    thread.start();
  }

  /** Ends the result thread: no more results are collected. */
  void stop() {
    stopped = true;
    thread.interrupt();
  }

  /** Waits for the result thread to end. */
  void join() throws InterruptedException {
    checkNotSelf();
    thread.join();
  }

  /** Waits up to {@code nanos} (at least a millisecond) for the result thread to end. */
  boolean join(long nanos) throws InterruptedException {
    checkNotSelf();
    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
    return !thread.isAlive();
  }

  /** A callback that waits for its own thread to end would wait for ever. */
  private void checkNotSelf() {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException(
          "a callback of pool '"
              + pool.name()
              + "' cannot wait for the pool: it runs on the"
              + " thread the pool would wait for");
    }
  }

  /** Returns the raw future of task {@code id}, completed with its outputs when they come. */
  CompletableFuture<List<Object>> expect(long id) {
    CompletableFuture<List<Object>> future = new CompletableFuture<>();
    pending.put(id, future);
    return future;
  }

  /** Fails task {@code id} with {@code cause}, unless it is settled already. */
  void fail(long id, Throwable cause) {
    CompletableFuture<List<Object>> future = pending.remove(id);
    if (future != null) {
      future.completeExceptionally(cause);
    }
  }

  /** Fails every pending task with {@code cause}. */
  void failAll(Throwable cause) {
    for (Long id : List.copyOf(pending.keySet())) {
      fail(id, cause);
    }
  }

  /** Cancels the pending tasks whose raw futures are among {@code futures}; returns their ids. */
  ArrayList<Object> cancel(Set<CompletableFuture<?>> futures) {
    ArrayList<Object> ids = new ArrayList<>();
    pending.forEach(
        (id, future) -> {
          if (futures.contains(future) && pending.remove(id, future)) {
            ids.add(id);
            future.cancel(false);
          }
        });
    return ids;
  }

  /** Whether every task submitted is settled. */
  boolean isEmpty() {
    return pending.isEmpty();
  }

  /** How many tasks are pending. */
  int size() {
    return pending.size();
  }

  /** The result thread: collects batches of results until stopped or the connection fails. */
  private void collect() {
    while (true) {
      List<?> batch;
      try {
        batch = (List<?>) remote.callParked(PoolOp.RESULTS, -1, handle);
      } catch (InterruptedException e) {
        if (stopped) {
          return;
        }
        continue;
      } catch (RuntimeException e) {
        pool.breakWith(
            new ManagerException("pool '" + pool.name() + "' lost its results: " + e, e));
        return;
      }
      for (int i = 0; i + 2 < batch.size(); i += 3) {
        complete((Long) batch.get(i), (Integer) batch.get(i + 1), batch.get(i + 2));
      }
      pool.retireIfDone();
    }
  }

  private void complete(long id, int status, Object detail) {
    if (id == PoolOp.BROKEN_TASK) {
      pool.breakWith(
          TaskCodec.decodeFailure(
              (byte[]) detail, "the initializer of pool '" + pool.name() + "' failed"));
      return;
    }
    CompletableFuture<List<Object>> future = pending.remove(id);
    if (future == null) {
      return;
    }
    try {
      switch (status) {
        case PoolOp.DONE -> future.complete(codec.decodeResults((byte[]) detail));
        case PoolOp.FAILED ->
            future.completeExceptionally(
                TaskCodec.decodeFailure(
                    (byte[]) detail, "a task of pool '" + pool.name() + "' failed"));
        default ->
            future.completeExceptionally(
                new WorkerLostException(
                    "a task of pool '" + pool.name() + "' was lost: " + detail));
      }
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
    }
  }
}
