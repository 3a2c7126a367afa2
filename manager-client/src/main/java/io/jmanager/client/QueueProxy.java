package io.jmanager.client;

import io.jmanager.protocol.QueueOp;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client side of a shared queue, joinable or not (the server refuses the task methods of a
 * plain queue); blocking calls wait on the server, not on its threads.
 */
final class QueueProxy<E> extends AbstractQueue<E> implements SharedJoinableQueue<E> {
  private static final long FOREVER = -1;

  private final Remote remote;
  private final int maxsize;
  private final Async<E> async = new AsyncQueue();

  QueueProxy(Connection connection, long id, String name, int maxsize) {
    this.remote = new Remote(connection, id, name);
    this.maxsize = maxsize;
  }

  @Override
  public String name() {
    return remote.name();
  }

  @Override
  public int maxsize() {
    return maxsize;
  }

  @Override
  public boolean isFull() {
    return maxsize > 0 && remainingCapacity() == 0;
  }

  @Override
  public void taskDone() {
    remote.call(QueueOp.TASK_DONE);
  }

  @Override
  public void join() throws InterruptedException {
    remote.callParked(QueueOp.JOIN, FOREVER);
  }

  @Override
  public boolean join(long timeout, TimeUnit unit) throws InterruptedException {
    return (Boolean) remote.callParked(QueueOp.JOIN, nanos(timeout, unit));
  }

  @Override
  public int unfinishedTasks() {
    return remote.callInt(QueueOp.UNFINISHED);
  }

  @Override
  public int waitingConsumers() {
    return remote.callInt(QueueOp.WAITING_TAKERS);
  }

  @Override
  public boolean offer(E element) {
    return remote.callBoolean(QueueOp.OFFER, remote.encode(element));
  }

  @Override
  public void put(E element) throws InterruptedException {
    remote.callParked(QueueOp.OFFER_WAIT, FOREVER, remote.encode(element));
  }

  @Override
  public boolean offer(E element, long timeout, TimeUnit unit) throws InterruptedException {
    byte[] bytes = remote.encode(element);
    return (Boolean) remote.callParked(QueueOp.OFFER_WAIT, nanos(timeout, unit), bytes);
  }

  @Override
  public E take() throws InterruptedException {
    return remote.decode(remote.callParked(QueueOp.POLL_WAIT, FOREVER));
  }

  @Override
  public E poll(long timeout, TimeUnit unit) throws InterruptedException {
    return remote.decode(remote.callParked(QueueOp.POLL_WAIT, nanos(timeout, unit)));
  }

  @Override
  public E poll() {
    return remote.decode(remote.call(QueueOp.POLL));
  }

  @Override
  public E peek() {
    return remote.decode(remote.call(QueueOp.PEEK));
  }

  @Override
  public int size() {
    return remote.callInt(QueueOp.SIZE);
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public int remainingCapacity() {
    return remote.callInt(QueueOp.REMAINING_CAPACITY);
  }

  @Override
  public int drainTo(Collection<? super E> target) {
    return drainTo(target, Integer.MAX_VALUE);
  }

  @Override
  public int drainTo(Collection<? super E> target, int maxElements) {
    Objects.requireNonNull(target, "target");
    if (target == this) {
      throw new IllegalArgumentException("cannot drain a queue into itself");
    }
    if (maxElements <= 0) {
      return 0;
    }
    List<E> drained = remote.decodeAll(remote.call(QueueOp.DRAIN, maxElements));
    target.addAll(drained);
    return drained.size();
  }

  @Override
  public boolean contains(Object element) {
    byte[] bytes = remote.encodeQuery(element);
    return bytes != null && remote.callBoolean(QueueOp.CONTAINS, bytes);
  }

  @Override
  public boolean remove(Object element) {
    byte[] bytes = remote.encodeQuery(element);
    return bytes != null && remote.callBoolean(QueueOp.REMOVE, bytes);
  }

  @Override
  public boolean addAll(Collection<? extends E> elements) {
    if (elements == this) {
      throw new IllegalArgumentException("cannot add a queue to itself");
    }
    return remote.callBoolean(QueueOp.ADD_ALL, remote.encodeAll(elements));
  }

  @Override
  public boolean removeAll(Collection<?> elements) {
    return remote.callBoolean(QueueOp.REMOVE_ALL, remote.encodeQueries(elements));
  }

  @Override
  public boolean retainAll(Collection<?> elements) {
    return remote.callBoolean(QueueOp.RETAIN_ALL, remote.encodeQueries(elements));
  }

  @Override
  public void clear() {
    remote.call(QueueOp.CLEAR);
  }

  @Override
  public Object[] toArray() {
    return snapshot().toArray();
  }

  @Override
  public <T> T[] toArray(T[] array) {
    return snapshot().toArray(array);
  }

  /**
   * Walks a snapshot from head to tail; {@code remove} removes the very item last returned, known
   * on the server by its id, and does nothing if that item has left the queue meanwhile, as the
   * weakly consistent iterators of {@code java.util.concurrent}'s queues do.
   */
  @Override
  public Iterator<E> iterator() {
    List<?> pairs = (List<?>) remote.call(QueueOp.SNAPSHOT_IDS);
    long[] ids = new long[pairs.size() / 2];
    List<E> items = new ArrayList<>(ids.length);
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (Long) pairs.get(2 * i);
      items.add(remote.decode(pairs.get(2 * i + 1)));
    }
    return new Iterator<>() {
      private int next;
      private boolean removable;

      @Override
      public boolean hasNext() {
        return next < items.size();
      }

      @Override
      public E next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        removable = true;
        return items.get(next++);
      }

      @Override
      public void remove() {
        if (!removable) {
          throw new IllegalStateException("next() first");
        }
        remote.call(QueueOp.REMOVE_ID, ids[next - 1]);
        removable = false;
      }
    };
  }

  private List<E> snapshot() {
    return remote.decodeAll(remote.call(QueueOp.SNAPSHOT));
  }

  /** A timeout in nanoseconds; zero or less means do not wait. */
  @Override
  public Async<E> async() {
    return async;
  }

  /** The asynchronous operations, each one request like their synchronous twins. */
  private final class AsyncQueue implements Async<E> {
    @Override
    public CompletableFuture<Boolean> offer(E element) {
      return remote.async(QueueOp.OFFER, Remote.as(Boolean.class), remote.encode(element));
    }

    @Override
    public CompletableFuture<Boolean> offer(E element, long timeout, TimeUnit unit) {
      byte[] bytes = remote.encode(element);
      return remote.asyncParked(
          QueueOp.OFFER_WAIT, nanos(timeout, unit), Remote.as(Boolean.class), bytes);
    }

    @Override
    public CompletableFuture<Void> put(E element) {
      return remote.asyncParked(
          QueueOp.OFFER_WAIT, FOREVER, Remote.nothing(), remote.encode(element));
    }

    @Override
    public CompletableFuture<E> poll() {
      return remote.async(QueueOp.POLL, remote.value());
    }

    @Override
    public CompletableFuture<E> poll(long timeout, TimeUnit unit) {
      return remote.asyncParked(QueueOp.POLL_WAIT, nanos(timeout, unit), remote.value());
    }

    @Override
    public CompletableFuture<E> take() {
      return remote.asyncParked(QueueOp.POLL_WAIT, FOREVER, remote.value());
    }

    @Override
    public CompletableFuture<E> peek() {
      return remote.async(QueueOp.PEEK, remote.value());
    }

    @Override
    public CompletableFuture<Integer> size() {
      return remote.async(QueueOp.SIZE, Remote.as(Integer.class));
    }

    @Override
    public CompletableFuture<Integer> remainingCapacity() {
      return remote.async(QueueOp.REMAINING_CAPACITY, Remote.as(Integer.class));
    }

    @Override
    public CompletableFuture<Boolean> addAll(Collection<? extends E> elements) {
      return remote.async(QueueOp.ADD_ALL, Remote.as(Boolean.class), remote.encodeAll(elements));
    }

    @Override
    public CompletableFuture<Boolean> contains(Object element) {
      byte[] bytes = remote.encodeQuery(element);
      return bytes == null
          ? remote.answered(false)
          : remote.async(QueueOp.CONTAINS, Remote.as(Boolean.class), bytes);
    }

    @Override
    public CompletableFuture<Boolean> remove(Object element) {
      byte[] bytes = remote.encodeQuery(element);
      return bytes == null
          ? remote.answered(false)
          : remote.async(QueueOp.REMOVE, Remote.as(Boolean.class), bytes);
    }

    @Override
    public CompletableFuture<List<E>> drain(int maxElements) {
      return maxElements <= 0
          ? remote.answered(new ArrayList<>())
          : remote.async(QueueOp.DRAIN, remote.values(), maxElements);
    }

    @Override
    public CompletableFuture<Void> clear() {
      return remote.async(QueueOp.CLEAR, Remote.nothing());
    }

    @Override
    public CompletableFuture<List<E>> snapshot() {
      return remote.async(QueueOp.SNAPSHOT, remote.values());
    }
  }

  private static long nanos(long timeout, TimeUnit unit) {
    return Math.max(0, unit.toNanos(timeout));
  }
}
