package io.jmanager.client;

import io.jmanager.protocol.QueueOp;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The client side of a shared queue, joinable or not (the server refuses the task methods of a
 * plain queue); blocking calls wait on the server, not on its threads.
 */
final class QueueProxy<E> extends AbstractQueue<E> implements SharedJoinableQueue<E> {
  private static final long FOREVER = -1;

  private final Remote remote;
  private final int maxsize;

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

  /** Walks a snapshot from head to tail; {@code remove} removes the first equal element. */
  @Override
  public Iterator<E> iterator() {
    Iterator<E> snapshot = snapshot().iterator();
    return new Iterator<>() {
      private E last;

      @Override
      public boolean hasNext() {
        return snapshot.hasNext();
      }

      @Override
      public E next() {
        if (!snapshot.hasNext()) {
          throw new NoSuchElementException();
        }
        last = snapshot.next();
        return last;
      }

      @Override
      public void remove() {
        if (last == null) {
          throw new IllegalStateException("next() first");
        }
        QueueProxy.this.remove(last);
        last = null;
      }
    };
  }

  private List<E> snapshot() {
    return remote.decodeAll(remote.call(QueueOp.SNAPSHOT));
  }

  /** A timeout in nanoseconds; zero or less means do not wait. */
  private static long nanos(long timeout, TimeUnit unit) {
    return Math.max(0, unit.toNanos(timeout));
  }
}
