package io.jmanager.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The future of an asynchronous call. It completes on the manager's completion executor (never on
 * the connection's I/O thread), which also runs the {@code *Async} stages chained to it, and to
 * their dependents, without an executor: the JDK's common pool is never used. The call it stands
 * for is on the server already, so it cannot be cancelled or completed from outside: {@code
 * cancel}, {@code complete} and {@code completeExceptionally} do nothing and return false, and
 * {@code orTimeout} / {@code completeOnTimeout} throw {@link UnsupportedOperationException}, so
 * that an answer, such as an item taken from a queue, is never dropped. Wait with a timeout through
 * {@code get(timeout, unit)}, or use the operations that time out on the server.
 */
final class AsyncResult<T> extends AsyncStage<T> {
  AsyncResult(Executor executor) {
    super(executor);
  }

  void succeed(T value) {
    super.complete(value);
  }

  void fail(Throwable failure) {
    super.completeExceptionally(failure);
  }

  /** An already completed result, for calls answered without asking the server. */
  static <T> AsyncResult<T> of(T value, Executor executor) {
    AsyncResult<T> result = new AsyncResult<>(executor);
    result.succeed(value);
    return result;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return false;
  }

  @Override
  public boolean complete(T value) {
    return false;
  }

  @Override
  public boolean completeExceptionally(Throwable failure) {
    return false;
  }

  @Override
  public CompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
    throw new UnsupportedOperationException(
        "a jmanager call cannot be abandoned; use get(timeout, unit) or a timed operation");
  }

  @Override
  public CompletableFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
    throw new UnsupportedOperationException(
        "a jmanager call cannot be abandoned; use get(timeout, unit) or a timed operation");
  }
}
