package io.jmanager.client;

import io.jmanager.protocol.PoolOp;
import io.jmanager.protocol.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One handle on a pool: it submits tasks under its own handle id, collects their results on its
 * result thread (a parked RESULTS call, answered in batches), and supervises the worker JVMs it
 * started, which join under its tag.
 *
 * <p>Each task has a raw future in {@link #pending} until its result arrives; the futures users get
 * are built on those. Lifecycle: running, then shut down (no new tasks; once none is pending, the
 * tag is retired so the workers exit, and the result thread ends) or terminated or broken (pending
 * tasks cancelled on the server and failed here, workers killed).
 */
final class PoolProxy implements Pool {
  private static final Logger log = LoggerFactory.getLogger(PoolProxy.class);
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
  private final Map<Long, CompletableFuture<List<Object>>> pending = new ConcurrentHashMap<>();
  private final AtomicLong taskIds = new AtomicLong();
  private final AtomicBoolean retired = new AtomicBoolean();
  private final PoolWorkers workers;
  private final Thread results;
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
    results = new Thread(this::collect, "jmanager-pool-" + remote.name());
    results.setDaemon(true);
    results.start();
    workers = new PoolWorkers(manager, remote.name(), tag, this.options, this);
    workers.start();
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
    return await(() -> applyAsync(function, argument));
  }

  @Override
  public <R> R apply(SerializableCallable<? extends R> task) throws InterruptedException {
    return await(() -> applyAsync(task));
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
    TaskFuture<R> future = new TaskFuture<>();
    CompletableFuture<R> task = applyAsync(function, argument);
    future.cancels(task);
    task.whenComplete(
        (result, error) -> {
          try {
            if (error == null) {
              callback.accept(result);
            } else {
              errorCallback.accept(error);
            }
          } catch (RuntimeException e) {
            log.warn("a callback of pool '{}' threw", name(), e);
          }
          settle(future, result, error);
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
    return await(() -> mapAsync(function, items));
  }

  @Override
  public <T, R> List<R> map(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items, int chunksize)
      throws InterruptedException {
    return await(() -> mapAsync(function, items, chunksize));
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
  public <T, R> Iterator<R> imap(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items) {
    return imap(function, items, 1);
  }

  @Override
  public <T, R> Iterator<R> imap(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items, int chunksize) {
    return iterate(function, items, chunksize, true);
  }

  @Override
  public <T, R> Iterator<R> imapUnordered(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items) {
    return imapUnordered(function, items, 1);
  }

  @Override
  public <T, R> Iterator<R> imapUnordered(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items, int chunksize) {
    return iterate(function, items, chunksize, false);
  }

  private <R> Iterator<R> iterate(
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
    return await(() -> starmapAsync(function, pairs));
  }

  @Override
  public <A, B, R> CompletableFuture<List<R>> starmapAsync(
      SerializableBiFunction<? super A, ? super B, ? extends R> function,
      Iterable<? extends Map.Entry<A, B>> pairs) {
    List<Object> all = list(pairs);
    return combine(submit(TaskCodec.Kind.STAR, function, all, defaultChunksize(all.size())));
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
    results.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
    return !results.isAlive() && workers.join(deadline);
  }

  @Override
  public void close() {
    terminate();
  }

  /** Whether this handle should replace a worker JVM that exited. */
  boolean wantsWorkers() {
    return !retired.get() && (state == State.RUNNING || state == State.SHUT_DOWN);
  }

  @Override
  public String toString() {
    return "pool " + remote + " (" + state + ", " + pending.size() + " tasks pending)";
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
      log.debug("pool '{}' could not cancel its tasks on the server: {}", name(), e.toString());
    }
    failPending(cause);
    results.interrupt();
  }

  /** Once shut down with nothing pending, retires the workers and ends the result thread. */
  private void retireIfDone() {
    if (state != State.SHUT_DOWN || !pending.isEmpty() || !retired.compareAndSet(false, true)) {
      return;
    }
    try {
      remote.call(PoolOp.RETIRE, tag);
    } catch (RuntimeException e) {
      log.debug("pool '{}' could not retire its workers: {}", name(), e.toString());
    }
    results.interrupt();
  }

  private void failPending(RuntimeException cause) {
    for (Long id : List.copyOf(pending.keySet())) {
      CompletableFuture<List<Object>> future = pending.remove(id);
      if (future != null) {
        future.completeExceptionally(cause);
      }
    }
  }

  /** The result thread: collects batches of results until the pool ends or the connection does. */
  private void collect() {
    while (true) {
      List<?> batch;
      try {
        batch = (List<?>) remote.callParked(PoolOp.RESULTS, -1, handle);
      } catch (InterruptedException e) {
        if (retired.get()) {
          return;
        }
        continue;
      } catch (RuntimeException e) {
        breakWith(new ManagerException("pool '" + name() + "' lost its results: " + e, e));
        return;
      }
      for (int i = 0; i + 2 < batch.size(); i += 3) {
        complete((Long) batch.get(i), (Integer) batch.get(i + 1), batch.get(i + 2));
      }
      retireIfDone();
    }
  }

  private void complete(long id, int status, Object detail) {
    if (id == PoolOp.BROKEN_TASK) {
      breakWith(
          TaskCodec.decodeFailure(
              (byte[]) detail, "the initializer of pool '" + name() + "' failed"));
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
                TaskCodec.decodeFailure((byte[]) detail, "a task of pool '" + name() + "' failed"));
        default ->
            future.completeExceptionally(
                new WorkerLostException("a task of pool '" + name() + "' was lost: " + detail));
      }
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
    }
  }

  private <R> CompletableFuture<R> single(TaskCodec.Kind kind, Object function, List<?> inputs) {
    List<CompletableFuture<List<Object>>> tasks = submit(kind, function, inputs, 1);
    TaskFuture<R> future = new TaskFuture<>();
    future.cancels(tasks.get(0));
    tasks
        .get(0)
        .whenComplete(
            (outputs, error) -> settle(future, outputs == null ? null : first(outputs), error));
    return future;
  }

  @SuppressWarnings("unchecked")
  private static <R> R first(List<Object> outputs) {
    return outputs.isEmpty() ? null : (R) outputs.get(0);
  }

  private static <R> void settle(CompletableFuture<R> future, R result, Throwable error) {
    if (error == null) {
      future.complete(result);
    } else {
      future.completeExceptionally(error);
    }
  }

  /**
   * Serializes and queues tasks of {@code chunksize} inputs each (a CALL: one task, no inputs), and
   * returns their raw futures in order.
   */
  private List<CompletableFuture<List<Object>>> submit(
      TaskCodec.Kind kind, Object function, List<?> inputs, int chunksize) {
    checkRunning();
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
      CompletableFuture<List<Object>> future = new CompletableFuture<>();
      pending.put(id, future);
      futures.add(future);
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
        CompletableFuture<List<Object>> future = pending.remove((Long) batch.get(i));
        if (future != null) {
          future.completeExceptionally(e);
        }
      }
      throw e;
    }
  }

  private void checkRunning() {
    State now = state;
    if (now != State.RUNNING) {
      throw new IllegalStateException(
          "pool '"
              + name()
              + "' is "
              + now.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
          failure);
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
  @SuppressWarnings("unchecked")
  private <R> CompletableFuture<List<R>> combine(List<CompletableFuture<List<Object>>> chunks) {
    TaskFuture<List<R>> all = new TaskFuture<>();
    if (chunks.isEmpty()) {
      all.complete(List.of());
    }
    chunks.forEach(all::cancels);
    AtomicInteger left = new AtomicInteger(chunks.size());
    for (CompletableFuture<List<Object>> chunk : chunks) {
      chunk.whenComplete(
          (outputs, error) -> {
            if (error != null) {
              all.completeExceptionally(error);
            } else if (left.decrementAndGet() == 0 && !all.isDone()) {
              List<Object> flat = new ArrayList<>();
              chunks.forEach(done -> flat.addAll(done.join()));
              all.complete((List<R>) flat);
            }
          });
    }
    return all;
  }

  /**
   * Submits tasks and waits for their future, throwing its failure as is. A thread interrupted
   * before submits nothing; one interrupted while waiting cancels the tasks, unless they have all
   * finished: then their outcome stands, with the interrupt flag set again, so no result is lost.
   */
  private static <R> R await(Supplier<CompletableFuture<R>> submit) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before submitting; nothing was submitted");
    }
    CompletableFuture<R> future = submit.get();
    try {
      return future.get();
    } catch (InterruptedException e) {
      if (future.cancel(true)) {
        throw e;
      }
      Thread.currentThread().interrupt();
      return outcome(future);
    } catch (ExecutionException e) {
      throw failure(e);
    }
  }

  /** The outcome of a finished future: its result, or its failure thrown as is. */
  private static <R> R outcome(CompletableFuture<R> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw failure(e);
    }
  }

  /** The failure of a task, unwrapped from {@code e}, as an unchecked exception. */
  private static RuntimeException failure(Exception e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new ManagerException("pool task failed: " + cause, cause);
  }

  /** A future whose cancellation cancels the tasks it waits for. */
  private final class TaskFuture<R> extends CompletableFuture<R> {
    private final List<CompletableFuture<?>> tasks = new ArrayList<>();

    void cancels(CompletableFuture<?> task) {
      tasks.add(task);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        cancelTasks(tasks);
      }
      return cancelled;
    }
  }

  /** Cancels tasks on the server and fails their raw futures; what already finished stays. */
  private void cancelTasks(List<? extends CompletableFuture<?>> tasks) {
    Set<CompletableFuture<?>> which = Collections.newSetFromMap(new IdentityHashMap<>());
    which.addAll(tasks);
    ArrayList<Object> ids = new ArrayList<>();
    pending.forEach(
        (id, future) -> {
          if (which.contains(future) && pending.remove(id, future)) {
            ids.add(id);
            future.cancel(false);
          }
        });
    for (CompletableFuture<?> task : tasks) {
      task.cancel(false);
    }
    if (!ids.isEmpty()) {
      try {
        remote.call(PoolOp.CANCEL, handle, ids);
      } catch (RuntimeException e) {
        log.debug("pool '{}' could not cancel tasks on the server: {}", name(), e.toString());
      }
    }
    retireIfDone();
  }
}
