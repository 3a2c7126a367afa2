package io.jmanager.client;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The results of a pool's {@code imap} (in the items' order) or {@code imapUnordered} (in the order
 * they come). Both take chunks from one queue: in order, it holds every chunk from the start, and
 * {@code next()} waits for the head; unordered, a chunk joins it when its task completes. A failed
 * chunk throws its failure once, in place of its items.
 */
final class ResultIterator<R> implements Iterator<R> {
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
  @SuppressWarnings("unchecked")
  public R next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    while (!outputs.hasNext()) {
      outputs = nextChunk().iterator();
    }
    remaining--;
    return (R) outputs.next();
  }

  private List<Object> nextChunk() {
    try {
      if (current == null) {
        current = chunks.take();
      }
      Chunk chunk = current;
      List<Object> done = chunk.future().get();
      current = null;
      return done;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for a pool result");
    } catch (ExecutionException e) {
      remaining -= current.items();
      current = null;
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException runtime
          ? runtime
          : new ManagerException("pool task failed: " + cause, cause);
    }
  }
}
