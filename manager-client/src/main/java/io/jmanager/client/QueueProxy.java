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
 * plain queue); blocking calls wait on the server, not on its threads. Each op that has an
 * asynchronous form too is prepared once, in {@link Ops}.
 */
final class QueueProxy<E> extends AbstractQueue<E> implements SharedJoinableQueue<E>, Reopenable {
  private static final long FOREVER = -1;

  private final Remote remote;
  private final int maxsize;
  private final Ops ops = new Ops();
  private final Async<E> async = new AsyncQueue();

  QueueProxy(Remote remote, int maxsize) {
    this.remote = remote;
    this.maxsize = maxsize;
  }

  @Override
  public ProxyReference reference() {
    return remote.reference(maxsize, null);
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
  public void shutdown() {
    shutdown(false);
  }

  @Override
  public void shutdown(boolean immediate) {
    remote.call(QueueOp.SHUTDOWN, immediate);
  }

  @Override
  public boolean isShutdown() {
    return remote.callBoolean(QueueOp.IS_SHUT_DOWN);
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
    return ops.offer(element).call();
  }

  @Override
  public void put(E element) throws InterruptedException {
    ops.put(element).call();
  }

  @Override
  public boolean offer(E element, long timeout, TimeUnit unit) throws InterruptedException {
    return ops.offer(element, timeout, unit).call();
  }

  @Override
  public E take() throws InterruptedException {
    return ops.take().call();
  }

  @Override
  public E poll(long timeout, TimeUnit unit) throws InterruptedException {
    return ops.poll(timeout, unit).call();
  }

  @Override
  public E poll() {
    return ops.poll().call();
  }

  @Override
  public E peek() {
    return ops.peek().call();
  }

  @Override
  public int size() {
    return ops.size().call();
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public int remainingCapacity() {
    return ops.remainingCapacity().call();
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
    List<E> drained = ops.drain(maxElements).call();
    target.addAll(drained);
    return drained.size();
  }

  @Override
  public boolean contains(Object element) {
    return ops.contains(element).call();
  }

  @Override
  public boolean remove(Object element) {
    return ops.remove(element).call();
  }

  @Override
  public boolean addAll(Collection<? extends E> elements) {
    if (elements == this) {
      throw new IllegalArgumentException("cannot add a queue to itself");
    }
    return ops.addAll(elements).call();
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
    ops.clear().call();
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
    return ops.snapshot().call();
  }

  @Override
  public Async<E> async() {
    return async;
  }

  /** The request of each op that has both call styles, ready to be sent either way. */
  private final class Ops {
    Remote.Prepared<Boolean> offer(E element) {
      return remote.prepare(QueueOp.OFFER, Remote.BOOLEAN, remote.encode(element));
    }

    Remote.PreparedParked<Boolean> offer(E element, long timeout, TimeUnit unit) {
      byte[] bytes = remote.encode(element);
      return remote.prepareParked(QueueOp.OFFER_WAIT, nanos(timeout, unit), Remote.BOOLEAN, bytes);
    }

    Remote.PreparedParked<Void> put(E element) {
      return remote.prepareParked(
          QueueOp.OFFER_WAIT, FOREVER, Remote.NOTHING, remote.encode(element));
    }

    Remote.Prepared<E> poll() {
      return remote.prepare(QueueOp.POLL, remote.value());
    }

    Remote.PreparedParked<E> poll(long timeout, TimeUnit unit) {
      return remote.prepareParked(QueueOp.POLL_WAIT, nanos(timeout, unit), remote.value());
    }

    Remote.PreparedParked<E> take() {
      return remote.prepareParked(QueueOp.POLL_WAIT, FOREVER, remote.value());
    }

    Remote.Prepared<E> peek() {
      return remote.prepare(QueueOp.PEEK, remote.value());
    }

    Remote.Prepared<Integer> size() {
      return remote.prepare(QueueOp.SIZE, Remote.INTEGER);
    }

    Remote.Prepared<Integer> remainingCapacity() {
      return remote.prepare(QueueOp.REMAINING_CAPACITY, Remote.INTEGER);
    }

    Remote.Prepared<Boolean> addAll(Collection<? extends E> elements) {
      return remote.prepare(QueueOp.ADD_ALL, Remote.BOOLEAN, remote.encodeAll(elements));
    }

    Remote.Prepared<Boolean> contains(Object element) {
      return remote.query(QueueOp.CONTAINS, Remote.BOOLEAN, false, element);
    }

    Remote.Prepared<Boolean> remove(Object element) {
      return remote.query(QueueOp.REMOVE, Remote.BOOLEAN, false, element);
    }

    Remote.Prepared<List<E>> drain(int maxElements) {
      return maxElements <= 0
          ? remote.answered(new ArrayList<>())
          : remote.prepare(QueueOp.DRAIN, remote.values(), maxElements);
    }

    Remote.Prepared<Void> clear() {
      return remote.prepare(QueueOp.CLEAR, Remote.NOTHING);
    }

    Remote.Prepared<List<E>> snapshot() {
      return remote.prepare(QueueOp.SNAPSHOT, remote.values());
    }
  }

  /** The asynchronous operations, each one request like their synchronous twins. */
  private final class AsyncQueue implements Async<E> {
    @Override
    public CompletableFuture<Boolean> offer(E element) {
      return ops.offer(element).async();
    }

    @Override
    public CompletableFuture<Boolean> offer(E element, long timeout, TimeUnit unit) {
      return ops.offer(element, timeout, unit).async();
    }

    @Override
    public CompletableFuture<Void> put(E element) {
      return ops.put(element).async();
    }

    @Override
    public CompletableFuture<E> poll() {
      return ops.poll().async();
    }

    @Override
    public CompletableFuture<E> poll(long timeout, TimeUnit unit) {
      return ops.poll(timeout, unit).async();
    }

    @Override
    public CompletableFuture<E> take() {
      return ops.take().async();
    }

    @Override
    public CompletableFuture<E> peek() {
      return ops.peek().async();
    }

    @Override
    public CompletableFuture<Integer> size() {
      return ops.size().async();
    }

    @Override
    public CompletableFuture<Integer> remainingCapacity() {
      return ops.remainingCapacity().async();
    }

    @Override
    public CompletableFuture<Boolean> addAll(Collection<? extends E> elements) {
      return ops.addAll(elements).async();
    }

    @Override
    public CompletableFuture<Boolean> contains(Object element) {
      return ops.contains(element).async();
    }

    @Override
    public CompletableFuture<Boolean> remove(Object element) {
      return ops.remove(element).async();
    }

    @Override
    public CompletableFuture<List<E>> drain(int maxElements) {
      return ops.drain(maxElements).async();
    }

    @Override
    public CompletableFuture<Void> clear() {
      return ops.clear().async();
    }

    @Override
    public CompletableFuture<List<E>> snapshot() {
      return ops.snapshot().async();
    }
  }

  /** A timeout in nanoseconds; zero or less means do not wait. */
  private static long nanos(long timeout, TimeUnit unit) {
    return Math.max(0, unit.toNanos(timeout));
  }
}
