package io.jmanager.client;

import io.jmanager.protocol.Timeouts;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The results of a pool's {@code imap} (in the items' order) or {@code imapUnordered} (in the order
 * they come). Both take chunks from one queue: in order, it holds every chunk from the start, and
 * {@code next()} waits for the head; unordered, a chunk joins it when its task completes. A failed
 * chunk throws its failure once, in place of its items. A timed {@code next} that runs out of time
 * keeps the chunk it waits for, so nothing is skipped.
 */
final class ResultIterator<R> implements ImapIterator<R> {
  private final BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
  private int remaining;
  private Chunk current;
  private Iterator<Object> outputs = List.<Object>of().iterator();

  /** A task's future and how many items it was given. */
  record Chunk(CompletableFuture<List<Object>> future, int items) {}

  ResultIterator(List<Chunk> tasks, boolean ordered) {
    for (Chunk chunk : tasks) {
      remaining += chunk.items();
      if (ordered) {
        chunks.add(chunk);
      } else {
        chunk.future().whenComplete((done, error) -> chunks.add(chunk));
      }
    }
  }

  @Override
  public boolean hasNext() {
    return remaining > 0;
  }

  @Override
  public R next() {
    try {
      return next(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for a pool result");
    } catch (TimeoutException e) {
      throw new AssertionError("a wait without limit timed out", e);
    }
  }

  @Override
  public R next(Duration timeout) throws InterruptedException, TimeoutException {
    long now = System.nanoTime();
    long deadline = now + Timeouts.nanos(timeout);
    return next(deadline < now ? Long.MAX_VALUE : deadline);
  }

  /** The next result, waiting until {@code deadline} ({@link Long#MAX_VALUE}: without limit). */
  @SuppressWarnings("unchecked")
  private R next(long deadline) throws InterruptedException, TimeoutException {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    while (!outputs.hasNext()) {
      outputs = nextChunk(deadline).iterator();
    }
    remaining--;
    return (R) outputs.next();
  }

  private List<Object> nextChunk(long deadline) throws InterruptedException, TimeoutException {
    try {
      if (current == null) {
        current = deadline == Long.MAX_VALUE ? chunks.take() : poll(deadline);
      }
      List<Object> done =
          deadline == Long.MAX_VALUE
              ? current.future().get()
              : current.future().get(left(deadline), TimeUnit.NANOSECONDS);
      current = null;
      return done;
    } catch (ExecutionException e) {
      remaining -= current.items();
      current = null;
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException runtime
          ? runtime
          : new ManagerException("pool task failed: " + cause, cause);
    }
  }

  private Chunk poll(long deadline) throws InterruptedException, TimeoutException {
    Chunk chunk = chunks.poll(left(deadline), TimeUnit.NANOSECONDS);
    if (chunk == null) {
      throw new TimeoutException("no pool result came in time");
    }
    return chunk;
  }

  private static long left(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }
}
