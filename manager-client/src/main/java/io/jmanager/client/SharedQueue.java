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
 * <h2>Shutting down</h2>
 *
 * <p>{@link #shutdown()} is Python 3.13's {@code Queue.shutdown()}: the end of the stream without a
 * sentinel. From then on every method that adds ({@code add}, {@code offer}, timed {@code offer},
 * {@code put}, {@code addAll}) throws {@link QueueShutDownException}, even with room to spare: the
 * queue will never take an item again, so {@code offer} does not answer false, which would mean
 * "full, try again". Every method that takes ({@code take}, {@code poll}, timed {@code poll},
 * {@code remove()}) still returns the items left, then throws it instead of waiting or answering
 * null: empty for good is not empty for now. Calls waiting at the shutdown are woken with it: a
 * blocked {@code put} or timed {@code offer} at once, a blocked {@code take} or timed {@code poll}
 * if nothing is left. Reads and removals by value ({@code peek}, {@code size}, {@code contains},
 * iteration, {@code drainTo}, {@code remove(Object)}, {@code clear}) work as before: {@code
 * drainTo} takes what is left and answers 0 when nothing is. {@link #shutdown(boolean)
 * shutdown(true)} also discards the items left, waking every blocked taker. An item handed to a
 * consumer whose connection died before it got it goes back to the head, unless the shutdown was
 * immediate.
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
 * IllegalStateException} when it exists with another bound. Once the queue is shut down, adding,
 * and taking from it empty, throw {@link QueueShutDownException}, as "Shutting down" says.
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
   * Shuts the queue down for every JVM, Python's {@code shutdown()}: no more items go in, and the
   * items left can still be taken, after which takers get {@link QueueShutDownException}; see
   * "Shutting down" above. Calling it again does nothing.
   */
  void shutdown();

  /**
   * Shuts the queue down, Python's {@code shutdown(immediate)}; when {@code immediate}, also
   * discards the items left (a joinable queue counts them done, so {@link
   * SharedJoinableQueue#join()} returns once the items already taken are done), so every taker gets
   * {@link QueueShutDownException} at once.
   */
  void shutdown(boolean immediate);

  /** Whether {@link #shutdown()} was called, by any JVM. */
  boolean isShutdown();

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
