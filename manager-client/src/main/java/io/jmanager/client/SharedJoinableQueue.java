package io.jmanager.client;

import java.util.concurrent.TimeUnit;

/**
 * A shared queue that also counts unfinished work, Python's {@code JoinableQueue}: every item put
 * is unfinished until a consumer calls {@link #taskDone()}, and {@link #join()} waits until none
 * is. Unlike Python's, it is safe when a consumer dies: the items a client took and did not mark
 * done go back to the head of the queue when its connection closes, so another consumer gets them
 * and {@code join} does not wait forever.
 *
 * <h2>Errors</h2>
 *
 * <p>As {@link SharedQueue}'s. {@link #taskDone()} throws {@link IllegalStateException} when called
 * more often than items were put; {@link #join()} waits as the queue's blocking methods do. Opening
 * it ({@link Manager#joinableQueue(String, int)}) throws {@link WrongTypeException} when the name
 * holds another type of object, plain queues included.
 *
 * @param <E> element type, registered with the manager's Kryo unless built in
 */
public interface SharedJoinableQueue<E> extends SharedQueue<E> {
  /**
   * Marks one item taken as processed; throws {@link IllegalStateException} (Python's ValueError)
   * when called more often than items were put.
   */
  void taskDone();

  /** Waits until every item put has been marked done. */
  void join() throws InterruptedException;

  /** Waits at most {@code timeout} for every item to be marked done; returns whether they were. */
  boolean join(long timeout, TimeUnit unit) throws InterruptedException;

  /** How many items were put and not yet marked done. */
  int unfinishedTasks();
}
