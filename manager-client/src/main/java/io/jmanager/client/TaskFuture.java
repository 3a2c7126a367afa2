package io.jmanager.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The future a pool gives its caller, built on the raw futures of the tasks it waits for (see
 * {@link PoolResults}): cancelling it cancels those tasks, on the server too. The tasks are all
 * added before the future is handed out.
 */
final class TaskFuture<R> extends CompletableFuture<R> {
  private final Consumer<List<CompletableFuture<?>>> cancelTasks;
  private final List<CompletableFuture<?>> tasks = new ArrayList<>();

  /** A future whose cancellation hands the tasks it waits for to {@code cancelTasks}. */
  TaskFuture(Consumer<List<CompletableFuture<?>>> cancelTasks) {
    this.cancelTasks = cancelTasks;
  }

  /** The future of the one output of {@code task} (null if it has none). */
  static <R> TaskFuture<R> first(
      CompletableFuture<List<Object>> task, Consumer<List<CompletableFuture<?>>> cancelTasks) {
    TaskFuture<R> future = new TaskFuture<>(cancelTasks);
    future.cancels(task);
    task.whenComplete(
        (outputs, error) -> future.settle(outputs == null ? null : firstOf(outputs), error));
    return future;
  }

  /** One future for the outputs of every chunk, in order; fails with the first failure. */
  @SuppressWarnings("unchecked")
  static <R> TaskFuture<List<R>> all(
      List<CompletableFuture<List<Object>>> chunks,
      Consumer<List<CompletableFuture<?>>> cancelTasks) {
    TaskFuture<List<R>> all = new TaskFuture<>(cancelTasks);
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

  /** Makes cancelling this future cancel {@code task}. */
  void cancels(CompletableFuture<?> task) {
    tasks.add(task);
  }

  /** Completes this future with {@code result}, or with {@code error} when there is one. */
  void settle(R result, Throwable error) {
    if (error == null) {
      complete(result);
    } else {
      completeExceptionally(error);
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      cancelTasks.accept(tasks);
    }
    return cancelled;
  }

  /**
   * Submits tasks and waits for their future, throwing its failure as is. A thread interrupted
   * before submits nothing; one interrupted while waiting cancels the tasks, unless they have all
   * finished: then their outcome stands, with the interrupt flag set again, so no result is lost.
   */
  static <R> R await(Supplier<CompletableFuture<R>> submit) throws InterruptedException {
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

  @SuppressWarnings("unchecked")
  private static <R> R firstOf(List<Object> outputs) {
    return outputs.isEmpty() ? null : (R) outputs.get(0);
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
}
