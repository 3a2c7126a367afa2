package io.jmanager.client;

import java.util.concurrent.BlockingQueue;

/**
 * A FIFO queue shared by every JVM connected to the server, like a Python Manager's {@code
 * Queue(maxsize)}. Blocking calls ({@code put}, {@code take}, timed {@code offer} and {@code poll})
 * wait on the server, not on a server thread; waiting consumers are served first come, first
 * served. An interrupted wait is cancelled on the server; if an item was already on its way, it is
 * returned rather than lost, with the thread's interrupt flag set. Iteration and {@code toArray}
 * work on a snapshot. Null elements are rejected with {@link NullPointerException}.
 *
 * @param <E> element type, registered with the manager's Kryo unless built in
 */
public interface SharedQueue<E> extends BlockingQueue<E> {
  /** The name this queue is shared under. */
  String name();

  /** The bound given when the queue was created; 0 means unbounded. */
  int maxsize();

  /** Whether the queue holds {@link #maxsize()} items now; always false when unbounded. */
  boolean isFull();

  /** How many consumers, in any JVM, are blocked in {@code take} or a timed {@code poll} now. */
  int waitingConsumers();
}
