package io.jmanager.client;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A pool of worker JVMs, Python's {@code multiprocessing.Pool}: tasks are serializable functions
 * sent through the manager's server, which queues them as bytes it never reads, to worker JVMs that
 * run them and send back the results. Workers come from {@link Manager#pool} (children of this JVM,
 * with its classpath) or are started by hand on any host with {@link PoolWorker}, so one pool can
 * span machines.
 *
 * <p>A worker that dies mid-task (killed, crashed, out of memory) loses nothing: its task goes to
 * another worker, at most {@link Options#maxAttempts} times, and then fails with {@link
 * WorkerLostException}. A task may thus run more than once, but its result is delivered once. A
 * task that throws fails with {@link TaskFailedException}, carrying the remote exception's class
 * name, message and stack trace. Futures complete, and callbacks run, on this pool's result thread,
 * one at a time, as Python's do: keep callbacks short and never wait on the pool from one.
 *
 * <p>{@link #close()} is Python's {@code close()} followed by {@code join()}: no new tasks, the
 * queued and running ones finish, then the workers exit, and it returns. {@link #shutdown()} is
 * Python's {@code close()} alone (it does not wait). Leaving a try-with-resources block calls
 * {@code close()} and so <em>waits for the queued tasks</em>, unlike leaving Python's {@code with
 * Pool()} block, which terminates; {@link #terminate()} is the hard stop.
 *
 * <pre>{@code
 * try (Pool pool = manager.pool("squares", 4)) {
 *   List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3)); // [1, 4, 9]
 *   pool.applyAsync(x -> x + 1, 41, System.out::println);
 * } // waits here until 42 is printed and the workers have exited
 * }</pre>
 *
 * <h2>Errors</h2>
 *
 * <p>{@link #name()} and {@link #processes()} are answered locally and throw nothing. A task that
 * throws fails with {@link TaskFailedException}, one whose workers kept dying with {@link
 * WorkerLostException}, and one whose function, argument or result cannot be serialized with {@link
 * SerializationException}; submitting after {@link #shutdown()} or {@link #close()} throws {@link
 * IllegalStateException}. Methods that wait for results ({@code apply}, {@code map}, {@code
 * starmap}, {@code join}) throw {@link InterruptedException} as each says ({@link #close()}
 * terminates instead, keeping the interrupt flag); the {@code *Async} forms fail their futures with
 * the same exceptions. Submitting (by any method that takes a task, the {@code *Async} forms too)
 * may throw what any call to the server throws: {@link ManagerException} when the connection is
 * lost (the futures of unfinished tasks then fail with it too), {@link ManagerTimeoutException}
 * when the server does not answer within the call timeout, {@link MemoryLimitException} when the
 * queued tasks would pass the server's memory budget, and {@link IllegalArgumentException} for a
 * task over the server's frame limit. Starting the pool ({@link Manager#pool}) throws {@link
 * WrongTypeException} when the name holds another type of object.
 */
public interface Pool extends AutoCloseable {
  /** Returns options with Python's defaults: one worker per processor, no initializer. */
  static Options options() {
    return new Options();
  }

  /** The pool's name on the server. */
  String name();

  /** How many worker JVMs this handle keeps running (0: only workers started by hand). */
  int processes();

  /**
   * Runs {@code function(argument)} on a worker and waits for its result, Python's {@code apply}.
   * Throws {@link TaskFailedException} if it threw, {@link WorkerLostException} if its workers kept
   * dying, {@link SerializationException} if the function, argument or result cannot be serialized,
   * {@link IllegalStateException} if the pool was shut down. Called with the interrupt flag set, it
   * throws {@link InterruptedException} and submits nothing; interrupted while waiting, it cancels
   * the task, unless its result has come: then it returns that, with the interrupt flag set again.
   */
  <T, R> R apply(SerializableFunction<? super T, ? extends R> function, T argument)
      throws InterruptedException;

  /**
   * Runs {@code task} on a worker and waits for its result; see {@link #apply(SerializableFunction,
   * Object)}.
   */
  <R> R apply(SerializableCallable<? extends R> task) throws InterruptedException;

  /**
   * Queues {@code function(argument)}, Python's {@code apply_async}; the future fails with the
   * exceptions {@link #apply(SerializableFunction, Object)} throws. Cancelling it cancels the task
   * if no worker took it yet and drops its result otherwise.
   */
  <T, R> CompletableFuture<R> applyAsync(
      SerializableFunction<? super T, ? extends R> function, T argument);

  /**
   * As {@link #applyAsync(SerializableFunction, Object)}, calling {@code callback} with the result
   * on the pool's result thread before the future completes, Python's {@code callback}.
   */
  <T, R> CompletableFuture<R> applyAsync(
      SerializableFunction<? super T, ? extends R> function,
      T argument,
      Consumer<? super R> callback);

  /**
   * As {@link #applyAsync(SerializableFunction, Object, Consumer)}, calling {@code errorCallback}
   * with the exception instead when the task fails, Python's {@code error_callback}.
   */
  <T, R> CompletableFuture<R> applyAsync(
      SerializableFunction<? super T, ? extends R> function,
      T argument,
      Consumer<? super R> callback,
      Consumer<? super Throwable> errorCallback);

  /** Queues {@code task}; see {@link #applyAsync(SerializableFunction, Object)}. */
  <R> CompletableFuture<R> applyAsync(SerializableCallable<? extends R> task);

  /**
   * Applies {@code function} to every item on the workers and returns the results in the items'
   * order, Python's {@code map}. Items go in chunks of about {@code items / (4 * processes)}; the
   * first failure is thrown, and interrupts handled, as by {@link #apply(SerializableFunction,
   * Object)}.
   */
  <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<T> items)
      throws InterruptedException;

  /**
   * As {@link #map(SerializableFunction, Iterable)}, sending {@code chunksize} items per task;
   * throws {@link IllegalArgumentException} when it is below 1.
   */
  <T, R> List<R> map(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items, int chunksize)
      throws InterruptedException;

  /** Queues a {@link #map(SerializableFunction, Iterable)}, Python's {@code map_async}. */
  <T, R> CompletableFuture<List<R>> mapAsync(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items);

  /** Queues a {@link #map(SerializableFunction, Iterable, int)}. */
  <T, R> CompletableFuture<List<R>> mapAsync(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items, int chunksize);

  /**
   * As {@link #mapAsync(SerializableFunction, Iterable)}, calling {@code callback} with the list of
   * results, or {@code errorCallback} with the first failure, once, on the pool's result thread
   * before the future completes: Python's {@code map_async(callback=, error_callback=)}. Either may
   * be null, Python's {@code None}. A callback that throws is logged; the future completes all the
   * same.
   */
  <T, R> CompletableFuture<List<R>> mapAsync(
      SerializableFunction<? super T, ? extends R> function,
      Iterable<T> items,
      Consumer<? super List<R>> callback,
      Consumer<? super Throwable> errorCallback);

  /**
   * As {@link #mapAsync(SerializableFunction, Iterable, Consumer, Consumer)}, sending {@code
   * chunksize} items per task.
   */
  <T, R> CompletableFuture<List<R>> mapAsync(
      SerializableFunction<? super T, ? extends R> function,
      Iterable<T> items,
      int chunksize,
      Consumer<? super List<R>> callback,
      Consumer<? super Throwable> errorCallback);

  /**
   * Queues {@code function} over every item, one per task, and returns an iterator yielding the
   * results in the items' order as they come, Python's {@code imap}. Its {@code next()} waits for
   * the next result and throws the task's failure in its place; interrupted, it throws {@link
   * java.util.concurrent.CancellationException} with the interrupt flag set. Its {@link
   * ImapIterator#next(Duration) next(timeout)} waits at most that long, as Python's does.
   */
  <T, R> ImapIterator<R> imap(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items);

  /** As {@link #imap(SerializableFunction, Iterable)}, sending {@code chunksize} items per task. */
  <T, R> ImapIterator<R> imap(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items, int chunksize);

  /**
   * As {@link #imap(SerializableFunction, Iterable)}, yielding each result as soon as it comes,
   * whatever its item's position, Python's {@code imap_unordered}.
   */
  <T, R> ImapIterator<R> imapUnordered(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items);

  /**
   * As {@link #imapUnordered(SerializableFunction, Iterable)}, {@code chunksize} items per task.
   */
  <T, R> ImapIterator<R> imapUnordered(
      SerializableFunction<? super T, ? extends R> function, Iterable<T> items, int chunksize);

  /**
   * Applies a two-argument function to every pair, Python's {@code starmap} (Java has no argument
   * unpacking; a pair is a {@link Map.Entry}, such as {@code Map.entry(a, b)}); results in order.
   */
  <A, B, R> List<R> starmap(
      SerializableBiFunction<? super A, ? super B, ? extends R> function,
      Iterable<? extends Map.Entry<A, B>> pairs)
      throws InterruptedException;

  /**
   * As {@link #starmap(SerializableBiFunction, Iterable)}, sending {@code chunksize} pairs per
   * task; throws {@link IllegalArgumentException} when it is below 1.
   */
  <A, B, R> List<R> starmap(
      SerializableBiFunction<? super A, ? super B, ? extends R> function,
      Iterable<? extends Map.Entry<A, B>> pairs,
      int chunksize)
      throws InterruptedException;

  /**
   * Queues a {@link #starmap(SerializableBiFunction, Iterable)}, Python's {@code starmap_async}.
   */
  <A, B, R> CompletableFuture<List<R>> starmapAsync(
      SerializableBiFunction<? super A, ? super B, ? extends R> function,
      Iterable<? extends Map.Entry<A, B>> pairs);

  /** Queues a {@link #starmap(SerializableBiFunction, Iterable, int)}. */
  <A, B, R> CompletableFuture<List<R>> starmapAsync(
      SerializableBiFunction<? super A, ? super B, ? extends R> function,
      Iterable<? extends Map.Entry<A, B>> pairs,
      int chunksize);

  /**
   * Queues a {@link #starmap(SerializableBiFunction, Iterable)} with Python's {@code callback} and
   * {@code error_callback}, run as {@link #mapAsync(SerializableFunction, Iterable, Consumer,
   * Consumer)} runs them.
   */
  <A, B, R> CompletableFuture<List<R>> starmapAsync(
      SerializableBiFunction<? super A, ? super B, ? extends R> function,
      Iterable<? extends Map.Entry<A, B>> pairs,
      Consumer<? super List<R>> callback,
      Consumer<? super Throwable> errorCallback);

  /**
   * As {@link #starmapAsync(SerializableBiFunction, Iterable, Consumer, Consumer)}, sending {@code
   * chunksize} pairs per task.
   */
  <A, B, R> CompletableFuture<List<R>> starmapAsync(
      SerializableBiFunction<? super A, ? super B, ? extends R> function,
      Iterable<? extends Map.Entry<A, B>> pairs,
      int chunksize,
      Consumer<? super List<R>> callback,
      Consumer<? super Throwable> errorCallback);

  /**
   * Applies a function to every argument list, Python's {@code starmap} with tuples of any length;
   * results in order, chunks and failures as for {@link #map(SerializableFunction, Iterable)}. Give
   * a function of two, three or four arguments through {@link #star}, which spreads each list over
   * its parameters: {@code pool.starmap(star(Geometry::volume), List.of(List.of(1, 2, 3)))}; any
   * other function gets each list whole. Throws {@link IllegalArgumentException} for a list whose
   * size is not the arity of a {@code star} function, submitting nothing.
   */
  <R> List<R> starmap(
      SerializableFunction<? super List<Object>, ? extends R> function,
      Iterable<? extends List<?>> argumentLists)
      throws InterruptedException;

  /**
   * As {@link #starmap(SerializableFunction, Iterable)}, sending {@code chunksize} argument lists
   * per task; throws {@link IllegalArgumentException} when it is below 1.
   */
  <R> List<R> starmap(
      SerializableFunction<? super List<Object>, ? extends R> function,
      Iterable<? extends List<?>> argumentLists,
      int chunksize)
      throws InterruptedException;

  /** Queues a {@link #starmap(SerializableFunction, Iterable)}, Python's {@code starmap_async}. */
  <R> CompletableFuture<List<R>> starmapAsync(
      SerializableFunction<? super List<Object>, ? extends R> function,
      Iterable<? extends List<?>> argumentLists);

  /** Queues a {@link #starmap(SerializableFunction, Iterable, int)}. */
  <R> CompletableFuture<List<R>> starmapAsync(
      SerializableFunction<? super List<Object>, ? extends R> function,
      Iterable<? extends List<?>> argumentLists,
      int chunksize);

  /**
   * Queues a {@link #starmap(SerializableFunction, Iterable)} with Python's {@code callback} and
   * {@code error_callback}, run as {@link #mapAsync(SerializableFunction, Iterable, Consumer,
   * Consumer)} runs them.
   */
  <R> CompletableFuture<List<R>> starmapAsync(
      SerializableFunction<? super List<Object>, ? extends R> function,
      Iterable<? extends List<?>> argumentLists,
      Consumer<? super List<R>> callback,
      Consumer<? super Throwable> errorCallback);

  /**
   * As {@link #starmapAsync(SerializableFunction, Iterable, Consumer, Consumer)}, sending {@code
   * chunksize} argument lists per task.
   */
  <R> CompletableFuture<List<R>> starmapAsync(
      SerializableFunction<? super List<Object>, ? extends R> function,
      Iterable<? extends List<?>> argumentLists,
      int chunksize,
      Consumer<? super List<R>> callback,
      Consumer<? super Throwable> errorCallback);

  /**
   * A function of a two-item argument list, for {@link #starmap(SerializableFunction, Iterable)}:
   * the workers apply {@code function} to the list's items. Passed to {@link #map} or {@link #imap}
   * over argument lists, it makes them starmaps too.
   */
  static <A, B, R> SerializableFunction<List<Object>, R> star(
      SerializableBiFunction<A, B, R> function) {
    return new StarFunction<>(Objects.requireNonNull(function, "function"), 2);
  }

  /** A function of a three-item argument list; see {@link #star(SerializableBiFunction)}. */
  static <A, B, C, R> SerializableFunction<List<Object>, R> star(
      SerializableFunction3<A, B, C, R> function) {
    return new StarFunction<>(Objects.requireNonNull(function, "function"), 3);
  }

  /** A function of a four-item argument list; see {@link #star(SerializableBiFunction)}. */
  static <A, B, C, D, R> SerializableFunction<List<Object>, R> star(
      SerializableFunction4<A, B, C, D, R> function) {
    return new StarFunction<>(Objects.requireNonNull(function, "function"), 4);
  }

  /**
   * Accepts no more tasks; this handle's workers exit once the queued tasks are done, Python's
   * {@code close()}, without waiting for that (see {@link #close()}). Submitting afterwards throws
   * {@link IllegalStateException}.
   */
  void shutdown();

  /**
   * Stops at once, Python's {@code terminate()}: queued tasks are cancelled, the futures of
   * unfinished ones fail with {@link java.util.concurrent.CancellationException}, and this handle's
   * worker JVMs are killed. Workers started by hand keep running.
   */
  void terminate();

  /**
   * Waits until this handle's tasks are done and its worker JVMs have exited, Python's {@code
   * join()}; throws {@link IllegalStateException} unless {@link #shutdown()} or {@link
   * #terminate()} came first, and when called from a callback (which would wait for ever).
   */
  void join() throws InterruptedException;

  /** As {@link #join()}, waiting at most {@code timeout}; returns whether everything ended. */
  boolean join(Duration timeout) throws InterruptedException;

  /**
   * Accepts no more tasks and waits until the queued and running ones have finished and this
   * handle's worker JVMs have exited: Python's {@code close()} then {@code join()}. A
   * try-with-resources block therefore ends only when its tasks are done, where leaving Python's
   * {@code with Pool()} block terminates them; call {@link #terminate()} for that. After {@link
   * #terminate()} it only waits for the workers to exit. Interrupted while waiting, it terminates
   * the pool and returns with the interrupt flag set. Called from a callback, which runs on the
   * thread it would wait for, it throws {@link IllegalStateException} once the pool is shut down.
   */
  @Override
  void close();

  /**
   * How a pool's workers are started and how its tasks are retried; see {@link #options()}.
   *
   * <h2>Errors</h2>
   *
   * <p>The setters throw {@link IllegalArgumentException} for a count out of range and {@link
   * NullPointerException} for a null argument, as each says; nothing else.
   */
  final class Options {
    int processes = Runtime.getRuntime().availableProcessors();
    SerializableRunnable initializer;
    int maxTasksPerChild;
    int maxAttempts = 3;
    final List<String> jvmOptions = new ArrayList<>();
    File output;

    Options() {}

    Options(Options other) {
      processes = other.processes;
      initializer = other.initializer;
      maxTasksPerChild = other.maxTasksPerChild;
      maxAttempts = other.maxAttempts;
      jvmOptions.addAll(other.jvmOptions);
      output = other.output;
    }

    /** Sets how many worker JVMs to keep running (default: the processor count; 0 allowed). */
    public Options processes(int processes) {
      if (processes < 0) {
        throw new IllegalArgumentException("processes must not be negative: " + processes);
      }
      this.processes = processes;
      return this;
    }

    /**
     * Sets code each worker JVM runs once before its first task, Python's {@code initializer}
     * (captured values play {@code initargs}). If it throws, the pool breaks: its tasks fail with
     * {@link TaskFailedException} carrying the initializer's exception.
     */
    public Options initializer(SerializableRunnable initializer) {
      this.initializer = Objects.requireNonNull(initializer, "initializer");
      return this;
    }

    /**
     * Makes each worker JVM exit after this many tasks, replaced by a fresh one, Python's {@code
     * maxtasksperchild} (default 0: never).
     */
    public Options maxTasksPerChild(int tasks) {
      if (tasks < 0) {
        throw new IllegalArgumentException("maxTasksPerChild must not be negative: " + tasks);
      }
      this.maxTasksPerChild = tasks;
      return this;
    }

    /**
     * Sets how many times a task may be handed to a worker that then dies before it fails with
     * {@link WorkerLostException} (default 3; 1: never retry).
     */
    public Options maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1: " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** Adds options for the worker JVMs, such as {@code -Xmx256m}. */
    public Options jvmOptions(String... options) {
      jvmOptions.addAll(List.of(options));
      return this;
    }

    /** Appends the workers' standard output and error to a file instead of this JVM's. */
    public Options redirectOutput(File file) {
      this.output = Objects.requireNonNull(file, "file");
      return this;
    }
  }
}
