package io.jmanager.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A future whose default executor, and its dependents', is the manager's completion executor, so
 * that {@code *Async} stages chained without an executor never run on the JDK's common pool.
 */
class AsyncStage<T> extends CompletableFuture<T> {
  private final Executor executor;

  AsyncStage(Executor executor) {
    this.executor = executor;
  }

  @Override
  public Executor defaultExecutor() {
    return executor;
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new AsyncStage<>(executor);
  }
}
