package io.jmanager.client;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A FIFO queue shared by every JVM connected to the server, like a Python Manager's {@code
 * Queue(maxsize)}. Blocking calls ({@code put}, {@code take}, timed {@code offer} and {@code poll})
 * wait on the server, not on a server thread; waiting consumers are served first come, first
 * served. A blocking call made with the interrupt flag set throws {@link InterruptedException} at
 * once and sends nothing; an interrupted wait is cancelled on the server, and if an item was
 * already taken or put for it, that is returned rather than lost, with the thread's interrupt flag
 * set. Iteration and {@code toArray} work on a snapshot. Null elements are rejected with {@link
 * NullPointerException}.
 *
 * <h2>Errors</h2>
 *
 * <p>Besides what {@link BlockingQueue} promises, {@link #name()}, {@link #maxsize()} and {@link
 * #async()} are answered locally and throw nothing; every other method calls the server and may
 * throw {@link ManagerException} when the connection is lost, {@link ManagerTimeoutException} when
 * the server does not answer within the call timeout, {@link IllegalArgumentException} when a
 * request is over the server's frame limit (nothing is sent), and {@link IllegalStateException}
 * once the object has been deleted ({@link Manager#delete}). An element to store, or one read back,
 * whose class is not registered in this JVM throws {@link SerializationException}; a lookup with
 * one finds nothing instead. A call that would grow the object past the server's memory budget
 * throws {@link MemoryLimitException}, and one whose answer is over the server's reply limit {@link
 * TooLargeException}. Blocking methods wait on the server and keep the JDK's interrupt contract:
 * called with the interrupt flag set, they throw {@link InterruptedException} at once and send
 * nothing; interrupted while waiting, they are cancelled on the server and throw it, unless the
 * server had served them already: then they return what they got, with the flag set again. A call
 * that would wait when the server's limits on waiting calls are reached throws {@link
 * ServerBusyException}, unapplied. After a lost connection or a timeout the call may or may not
 * have been applied; the other errors apply nothing. Opening it ({@link Manager#queue(String,
 * int)}) throws {@link WrongTypeException} when the name holds another type of object, and {@link
 * IllegalStateException} when it exists with another bound.
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

  /**
   * The asynchronous form of this queue's operations: each sends one request and returns at once,
   * pipelined with every other call on the manager's connection; see {@link SharedDict.Async} for
   * where the futures complete and how calls in flight are bounded. The waiting operations ({@code
   * put}, {@code take}, timed {@code offer} and {@code poll}) wait on the server with no thread
   * held anywhere, and do not count against the bound on calls in flight.
   */
  Async<E> async();

  /**
   * Every operation of a shared queue as a future; each fails as its synchronous twin throws.
   *
   * <h2>Errors</h2>
   *
   * <p>A future fails with the exception its synchronous twin throws (see {@link SharedQueue}); a
   * null or unregistered argument, or a request over the server's frame limit, throws at once, and
   * nothing is sent. The waiting operations are not interrupted: their futures complete when the
   * server answers.
   */
  interface Async<E> {
    /** {@link BlockingQueue#offer(Object)}: false when the queue is full. */
    CompletableFuture<Boolean> offer(E element);

    /** {@link BlockingQueue#offer(Object, long, TimeUnit)}, waiting on the server. */
    CompletableFuture<Boolean> offer(E element, long timeout, TimeUnit unit);

    /** {@link BlockingQueue#put}: completes once the item is in, waiting on the server. */
    CompletableFuture<Void> put(E element);

    /** {@link BlockingQueue#poll()}: null when the queue is empty. */
    CompletableFuture<E> poll();

    /** {@link BlockingQueue#poll(long, TimeUnit)}, waiting on the server; null on timeout. */
    CompletableFuture<E> poll(long timeout, TimeUnit unit);

    /** {@link BlockingQueue#take}: completes with the next item, waiting on the server. */
    CompletableFuture<E> take();

    /** {@link java.util.Queue#peek}. */
    CompletableFuture<E> peek();

    /** {@link BlockingQueue#size}. */
    CompletableFuture<Integer> size();

    /** {@link BlockingQueue#remainingCapacity}. */
    CompletableFuture<Integer> remainingCapacity();

    /** {@link BlockingQueue#addAll}, in one request. */
    CompletableFuture<Boolean> addAll(Collection<? extends E> elements);

    /** {@link BlockingQueue#contains}. */
    CompletableFuture<Boolean> contains(Object element);

    /** {@link BlockingQueue#remove(Object)}. */
    CompletableFuture<Boolean> remove(Object element);

    /** Removes and returns up to {@code maxElements} items, in order, in one request. */
    CompletableFuture<List<E>> drain(int maxElements);

    /** {@link BlockingQueue#clear}. */
    CompletableFuture<Void> clear();

    /** A copy of every item, in order, taken in one request. */
    CompletableFuture<List<E>> snapshot();
  }
}
