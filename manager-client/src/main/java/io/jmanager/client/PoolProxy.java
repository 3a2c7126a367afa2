package io.jmanager.client;

import io.jmanager.protocol.PoolOp;
import io.jmanager.protocol.Timeouts;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One handle on a pool: it submits tasks under its own handle id, collects their results on its
 * result thread ({@link PoolResults}), and supervises the worker JVMs it started, which join under
 * its tag.
 *
 * <p>Each task has a raw future in {@link PoolResults} until its result arrives; the futures users
 * get are built on those. Lifecycle: running, then shut down (no new tasks; once none is pending,
 * the tag is retired so the workers exit, and the result thread ends) or terminated or broken
 * (pending tasks cancelled on the server and failed here, workers killed).
 */
final class PoolProxy implements Pool, Reopenable {
  private static final System.Logger log = System.getLogger(PoolProxy.class.getName());
  private static final AtomicLong HANDLES = new AtomicLong();

  /** Most tasks one SUBMIT carries. */
  private static final int MAX_TASKS_PER_SUBMIT = 4096;

  /** Most payload bytes one SUBMIT carries, unless a single task is larger. */
  private static final int MAX_BYTES_PER_SUBMIT = 1 << 20;

  private final Remote remote;
  private final long handle = HANDLES.incrementAndGet();
  private final String tag = UUID.randomUUID().toString();
  private final Options options;
  private final TaskCodec codec;
  private final AtomicLong taskIds = new AtomicLong();
  private final AtomicBoolean retired = new AtomicBoolean();
  private final PoolWorkers workers;
  private final PoolResults results;
  private volatile State state = State.RUNNING;
  private volatile RuntimeException failure;

  private enum State {
    RUNNING,
    SHUT_DOWN,
    TERMINATED,
    BROKEN
  }

  PoolProxy(Manager manager, Remote remote, Options options, TaskCodec codec) {
    this.remote = remote;
    this.options = new Options(options);
    this.codec = codec;
    byte[] initializer =
        options.initializer == null
            ? null
            : codec.encodeTask(
                TaskCodec.Kind.RUN, codec.encodeFunction(options.initializer), List.of());
    remote.call(PoolOp.CONFIGURE, handle, tag, initializer, options.maxTasksPerChild);
    results = new PoolResults(this, remote, handle, codec);
    results.start();
    workers = new PoolWorkers(manager, remote.name(), tag, this.options, this);
    workers.start();
  }

  @Override
  public ProxyReference reference() {
    return remote.reference(options.maxAttempts, null);
  }

  @Override
  public String name() {
    return remote.name();
  }

  @Override
  public int processes() {
    return options.processes;
  }

  @Override
  public <T, R> R apply(SerializableFunction<? super T, ? extends R> function, T argument)
      throws InterruptedException {
    return TaskFuture.await(() -> applyAsync(function, argument));
  }

  @Override
  public <R> R apply(SerializableCallable<? extends R> task) throws InterruptedException {
    return TaskFuture.await(() -> applyAsync(task));
  }

  @Override
  public <T, R> CompletableFuture<R> applyAsync(
      SerializableFunction<? super T, ? extends R> function, T argument) {
    return single(TaskCodec.Kind.APPLY, function, Collections.singletonList(argument));
  }

  @Override
  public <T, R> CompletableFuture<R> applyAsync(
      SerializableFunction<? super T, ? extends R> function,
      T argument,
      Consumer<? super R> callback) {
    return applyAsync(function, argument, callback, error -> {});
  }

  @Override
  public <T, R> CompletableFuture<R> applyAsync(
      SerializableFunction<? super T, ? extends R> function,
      T argument,
      Consumer<? super R> callback,
      Consumer<? super Throwable> errorCallback) {
    return withCallbacks(applyAsync(function, argument), callback, errorCallback);
  }

  /**
   * A future of {@code task} that first runs {@code callback} with its result, or {@code
   * errorCallback} with its failure (either may be null: none), on the thread that completes it:
   * the result thread.
   */
  private <R> CompletableFuture<R> withCallbacks(
      CompletableFuture<R> task,
      Consumer<? super R> callback,
      Consumer<? super Throwable> errorCallback) {
    TaskFuture<R> future = new TaskFuture<>(this::cancelTasks);
    future.cancels(task);
    task.whenComplete(
        (result, error) -> {
          try {
            if (error == null && callback != null) {
              callback.accept(result);
            } else if (error != null && errorCallback != null) {
              errorCallback.accept(error);
            }
          } catch (RuntimeException e) {
            log.log(Level.WARNING, "a callback of pool '" + name() + "' threw", e);
          }
          future.settle(result, error);
        });
    return future;
  }

  @Override
  public <R> CompletableFuture<R> applyAsync(SerializableCallable<? extends R> task) {
    return single(TaskCodec.Kind.CALL, task, List.of());
  }

  @Override
  public <T, R> List<R> map(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items)
      throws InterruptedException {
    return TaskFuture.await(() -> mapAsync(function, items));
  }

  @Override
  public <T, R> List<R> map(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items, int chunksize)
      throws InterruptedException {
    return TaskFuture.await(() -> mapAsync(function, items, chunksize));
  }

  @Override
  public <T, R> CompletableFuture<List<R>> mapAsync(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items) {
    List<Object> all = list(items);
    return combine(submit(TaskCodec.Kind.APPLY, function, all, defaultChunksize(all.size())));
  }

  @Override
  public <T, R> CompletableFuture<List<R>> mapAsync(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items, int chunksize) {
    return combine(submit(TaskCodec.Kind.APPLY, function, list(items), positive(chunksize)));
  }

  @Override
  public <T, R> CompletableFuture<List<R>> mapAsync(
      SerializableFunction<? super T, ? extends R> function,
      Iterable<T> items,
      Consumer<? super List<R>> callback,
      Consumer<? super Throwable> errorCallback) {
    return withCallbacks(mapAsync(function, items), callback, errorCallback);
  }

  @Override
  public <T, R> CompletableFuture<List<R>> mapAsync(
      SerializableFunction<? super T, ? extends R> function,
      Iterable<T> items,
      int chunksize,
      Consumer<? super List<R>> callback,
      Consumer<? super Throwable> errorCallback) {
    return withCallbacks(mapAsync(function, items, chunksize), callback, errorCallback);
  }

  @Override
  public <T, R> ImapIterator<R> imap(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items) {
    return imap(function, items, 1);
  }

  @Override
  public <T, R> ImapIterator<R> imap(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items, int chunksize) {
    return iterate(function, items, chunksize, true);
  }

  @Override
  public <T, R> ImapIterator<R> imapUnordered(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items) {
    return imapUnordered(function, items, 1);
  }

  @Override
  public <T, R> ImapIterator<R> imapUnordered(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items, int chunksize) {
    return iterate(function, items, chunksize, false);
  }

  private <R> ImapIterator<R> iterate(
      Object function, Iterable<?> items, int chunksize, boolean ordered) {
    List<Object> all = list(items);
    int size = positive(chunksize);
    List<CompletableFuture<List<Object>>> futures =
        submit(TaskCodec.Kind.APPLY, function, all, size);
    List<ResultIterator.Chunk> chunks = new ArrayList<>(futures.size());
    for (int i = 0; i < futures.size(); i++) {
      chunks.add(new ResultIterator.Chunk(futures.get(i), Math.min(size, all.size() - i * size)));
    }
    return new ResultIterator<>(chunks, ordered);
  }

  @Override
  public <A, B, R> List<R> starmap(
      SerializableBiFunction<? super A, ? super B, ? extends R> function,
      Iterable<? extends Map.Entry<A, B>> pairs)
      throws InterruptedException {
    return TaskFuture.await(() -> starmapAsync(function, pairs));
  }

  @Override
  public <A, B, R> CompletableFuture<List<R>> starmapAsync(
      SerializableBiFunction<? super A, ? super B, ? extends R> function,
      Iterable<? extends Map.Entry<A, B>> pairs) {
    List<Object> all = list(pairs);
    return combine(submit(TaskCodec.Kind.STAR, function, all, defaultChunksize(all.size())));
  }

  @Override
  public <A, B, R> List<R> starmap(
      SerializableBiFunction<? super A, ? super B, ? extends R> function,
      Iterable<? extends Map.Entry<A, B>> pairs,
      int chunksize)
      throws InterruptedException {
    return TaskFuture.await(() -> starmapAsync(function, pairs, chunksize));
  }

  @Override
  public <A, B, R> CompletableFuture<List<R>> starmapAsync(
      SerializableBiFunction<? super A, ? super B, ? extends R> function,
      Iterable<? extends Map.Entry<A, B>> pairs,
      int chunksize) {
    return combine(submit(TaskCodec.Kind.STAR, function, list(pairs), positive(chunksize)));
  }

  @Override
  public <A, B, R> CompletableFuture<List<R>> starmapAsync(
      SerializableBiFunction<? super A, ? super B, ? extends R> function,
      Iterable<? extends Map.Entry<A, B>> pairs,
      Consumer<? super List<R>> callback,
      Consumer<? super Throwable> errorCallback) {
    return withCallbacks(starmapAsync(function, pairs), callback, errorCallback);
  }

  @Override
  public <A, B, R> CompletableFuture<List<R>> starmapAsync(
      SerializableBiFunction<? super A, ? super B, ? extends R> function,
      Iterable<? extends Map.Entry<A, B>> pairs,
      int chunksize,
      Consumer<? super List<R>> callback,
      Consumer<? super Throwable> errorCallback) {
    return withCallbacks(starmapAsync(function, pairs, chunksize), callback, errorCallback);
  }

  @Override
  public <R> List<R> starmap(
      SerializableFunction<? super List<Object>, ? extends R> function,
      Iterable<? extends List<?>> argumentLists)
      throws InterruptedException {
    return TaskFuture.await(() -> starmapAsync(function, argumentLists));
  }

  @Override
  public <R> List<R> starmap(
      SerializableFunction<? super List<Object>, ? extends R> function,
      Iterable<? extends List<?>> argumentLists,
      int chunksize)
      throws InterruptedException {
    return TaskFuture.await(() -> starmapAsync(function, argumentLists, chunksize));
  }

  @Override
  public <R> CompletableFuture<List<R>> starmapAsync(
      SerializableFunction<? super List<Object>, ? extends R> function,
      Iterable<? extends List<?>> argumentLists) {
    List<Object> all = list(argumentLists);
    return combine(submit(TaskCodec.Kind.SPREAD, function, all, defaultChunksize(all.size())));
  }

  @Override
  public <R> CompletableFuture<List<R>> starmapAsync(
      SerializableFunction<? super List<Object>, ? extends R> function,
      Iterable<? extends List<?>> argumentLists,
      int chunksize) {
    return combine(
        submit(TaskCodec.Kind.SPREAD, function, list(argumentLists), positive(chunksize)));
  }

  @Override
  public <R> CompletableFuture<List<R>> starmapAsync(
      SerializableFunction<? super List<Object>, ? extends R> function,
      Iterable<? extends List<?>> argumentLists,
      Consumer<? super List<R>> callback,
      Consumer<? super Throwable> errorCallback) {
    return withCallbacks(starmapAsync(function, argumentLists), callback, errorCallback);
  }

  @Override
  public <R> CompletableFuture<List<R>> starmapAsync(
      SerializableFunction<? super List<Object>, ? extends R> function,
      Iterable<? extends List<?>> argumentLists,
      int chunksize,
      Consumer<? super List<R>> callback,
      Consumer<? super Throwable> errorCallback) {
    return withCallbacks(starmapAsync(function, argumentLists, chunksize), callback, errorCallback);
  }

  @Override
  public void shutdown() {
    synchronized (this) {
      if (state == State.RUNNING) {
        state = State.SHUT_DOWN;
      }
    }
    retireIfDone();
  }

  @Override
  public void terminate() {
    stop(State.TERMINATED, new CancellationException("pool '" + name() + "' was terminated"));
  }

  /** Breaks the pool: nothing more runs, and every pending task fails with {@code cause}. */
  void breakWith(RuntimeException cause) {
    stop(State.BROKEN, cause);
  }

  @Override
  public void join() throws InterruptedException {
    checkStopping();
    results.join();
    workers.join();
  }

  @Override
  public boolean join(Duration timeout) throws InterruptedException {
    checkStopping();
    long nanos = Timeouts.nanos(timeout);
    long deadline = System.nanoTime() + nanos;
    return results.join(nanos) && workers.join(deadline);
  }

  @Override
  public void close() {
    shutdown();
    try {
      join();
    } catch (InterruptedException e) {
      terminate();
      Thread.currentThread().interrupt();
    }
  }

  /** Whether this handle should replace a worker JVM that exited. */
  boolean wantsWorkers() {
    return !retired.get() && (state == State.RUNNING || state == State.SHUT_DOWN);
  }

  @Override
  public String toString() {
    return "pool " + remote + " (" + state + ", " + results.size() + " tasks pending)";
  }

  private void checkStopping() {
    if (state == State.RUNNING) {
      throw new IllegalStateException(
          "pool '" + name() + "' is still running: call shutdown() or terminate() before join()");
    }
  }

  private void stop(State end, RuntimeException cause) {
    synchronized (this) {
      if (state == State.TERMINATED || state == State.BROKEN) {
        return;
      }
      state = end;
      failure = cause;
    }
    retired.set(true);
    workers.kill();
    try {
      remote.call(PoolOp.CANCEL, handle, new ArrayList<>());
      remote.call(PoolOp.RETIRE, tag);
    } catch (RuntimeException e) {
      log.log(Level.DEBUG, () -> "pool '" + name() + "' could not cancel its tasks: " + e);
    }
    results.failAll(cause);
    results.stop();
  }

  /** Once shut down with nothing pending, retires the workers and ends the result thread. */
  void retireIfDone() {
    if (state != State.SHUT_DOWN || !results.isEmpty() || !retired.compareAndSet(false, true)) {
      return;
    }
    try {
      remote.call(PoolOp.RETIRE, tag);
    } catch (RuntimeException e) {
      log.log(Level.DEBUG, () -> "pool '" + name() + "' could not retire its workers: " + e);
    }
    results.stop();
  }

  private <R> CompletableFuture<R> single(TaskCodec.Kind kind, Object function, List<?> inputs) {
    return TaskFuture.first(submit(kind, function, inputs, 1).get(0), this::cancelTasks);
  }

  /**
   * Serializes and queues tasks of {@code chunksize} inputs each (a CALL: one task, no inputs), and
   * returns their raw futures in order.
   */
  private List<CompletableFuture<List<Object>>> submit(
      TaskCodec.Kind kind, Object function, List<?> inputs, int chunksize) {
    checkRunning();
    if (function instanceof StarFunction<?> star) {
      inputs.forEach(star::check);
      return submit(TaskCodec.Kind.SPREAD, star.function(), inputs, chunksize);
    }
    byte[] encoded = codec.encodeFunction(function);
    List<CompletableFuture<List<Object>>> futures = new ArrayList<>();
    if (inputs.isEmpty() && kind != TaskCodec.Kind.CALL) {
      return futures;
    }
    ArrayList<Object> batch = new ArrayList<>();
    int bytes = 0;
    int start = 0;
    do {
      List<?> chunk = inputs.subList(start, Math.min(inputs.size(), start + chunksize));
      byte[] payload = codec.encodeTask(kind, encoded, chunk);
      if (!batch.isEmpty()
          && (batch.size() >= 2 * MAX_TASKS_PER_SUBMIT
              || bytes + payload.length > MAX_BYTES_PER_SUBMIT)) {
        send(batch);
        batch = new ArrayList<>();
        bytes = 0;
      }
      long id = taskIds.incrementAndGet();
      futures.add(results.expect(id));
      batch.add(id);
      batch.add(payload);
      bytes += payload.length;
      start += chunksize;
    } while (start < inputs.size());
    send(batch);
    if (state == State.TERMINATED || state == State.BROKEN) {
      cancelTasks(futures);
    }
    return futures;
  }

  private void send(ArrayList<Object> batch) {
    try {
      remote.call(PoolOp.SUBMIT, handle, options.maxAttempts, batch);
    } catch (RuntimeException e) {
      for (int i = 0; i < batch.size(); i += 2) {
        results.fail((Long) batch.get(i), e);
      }
      throw e;
    }
  }

  private void checkRunning() {
    State now = state;
    if (now == State.SHUT_DOWN) {
      throw new IllegalStateException(
          "pool '" + name() + "' is closed: it takes no new tasks after close() or shutdown()");
    }
    if (now != State.RUNNING) {
      throw new IllegalStateException(
          "pool '" + name() + "' is " + now.name().toLowerCase(java.util.Locale.ROOT), failure);
    }
  }

  private int defaultChunksize(int items) {
    int slots = 4 * Math.max(1, options.processes);
    return Math.max(1, (items + slots - 1) / slots);
  }

  private static int positive(int chunksize) {
    if (chunksize < 1) {
      throw new IllegalArgumentException("chunksize must be at least 1: " + chunksize);
    }
    return chunksize;
  }

  private static List<Object> list(Iterable<?> items) {
    List<Object> all = new ArrayList<>();
    items.forEach(all::add);
    return all;
  }

  /** One future for the outputs of every chunk, in order; fails with the first failure. */
  private <R> CompletableFuture<List<R>> combine(List<CompletableFuture<List<Object>>> chunks) {
    return TaskFuture.all(chunks, this::cancelTasks);
  }

  /** Cancels tasks on the server and fails their raw futures; what already finished stays. */
  private void cancelTasks(List<? extends CompletableFuture<?>> tasks) {
    Set<CompletableFuture<?>> which = Collections.newSetFromMap(new IdentityHashMap<>());
    which.addAll(tasks);
    ArrayList<Object> ids = results.cancel(which);
    for (CompletableFuture<?> task : tasks) {
      task.cancel(false);
    }
    if (!ids.isEmpty()) {
      try {
        remote.call(PoolOp.CANCEL, handle, ids);
      } catch (RuntimeException e) {
        log.log(Level.DEBUG, () -> "pool '" + name() + "' could not cancel tasks: " + e);
      }
    }
    retireIfDone();
  }
}
