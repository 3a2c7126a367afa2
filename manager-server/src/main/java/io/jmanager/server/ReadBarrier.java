package io.jmanager.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Holds the reads a cluster's leader answers from its applied state until it has confirmed, after
 * they arrived, that it still leads (a Raft ReadIndex round: a majority answered it, and the state
 * is applied up to the commit index it had then), so that a leader cut off from the others never
 * answers from a state that a newer leader has moved past. One round runs at a time and serves
 * every read that arrived before it started: a busy leader pays one round for many reads.
 * Thread-safe.
 */
final class ReadBarrier {
  private final Supplier<CompletableFuture<?>> confirm;
  private final Consumer<Throwable> failed;
  private List<Runnable> waiting = new ArrayList<>();
  private boolean confirming;

  /**
   * Confirms leadership with {@code confirm}; {@code failed} hears of a round that failed, whose
   * reads are not answered (this server no longer leads, and drops its clients).
   */
  ReadBarrier(Supplier<CompletableFuture<?>> confirm, Consumer<Throwable> failed) {
    this.confirm = confirm;
    this.failed = failed;
  }

  /** Runs {@code read} once a round that started after this call has confirmed leadership. */
  synchronized void then(Runnable read) {
    waiting.add(read);
    if (!confirming) {
      startLocked();
    }
  }

  private void startLocked() {
    List<Runnable> round = waiting;
    waiting = new ArrayList<>();
    confirming = true;
    confirm.get().whenComplete((confirmed, failure) -> done(round, failure));
  }

  private void done(List<Runnable> round, Throwable failure) {
    synchronized (this) {
      confirming = false;
      if (!waiting.isEmpty()) {
        startLocked();
      }
    }
    if (failure == null) {
      round.forEach(Runnable::run);
    } else {
      failed.accept(failure);
    }
  }
}
