package io.jmanager.client;

import io.jmanager.protocol.ListOp;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The client side of a shared list: every method is one call to the server. Each op that has an
 * asynchronous form too is prepared once, in {@link Ops}.
 */
final class ListProxy<E> extends AbstractList<E> implements SharedList<E>, Reopenable {
  private final Remote remote;
  private final Ops ops = new Ops();
  private final Async<E> async = new AsyncList();

  ListProxy(Remote remote) {
    this.remote = remote;
  }

  @Override
  public ProxyReference reference() {
    return remote.reference();
  }

  @Override
  public String name() {
    return remote.name();
  }

  @Override
  public int size() {
    return ops.size().call();
  }

  @Override
  public E get(int index) {
    return ops.get(index).call();
  }

  @Override
  public E set(int index, E element) {
    return ops.set(index, element).call();
  }

  @Override
  public boolean add(E element) {
    return ops.add(element).call();
  }

  @Override
  public void add(int index, E element) {
    ops.add(index, element).call();
  }

  @Override
  public E remove(int index) {
    return ops.remove(index).call();
  }

  @Override
  public boolean remove(Object element) {
    return ops.remove(element).call();
  }

  @Override
  public int indexOf(Object element) {
    return ops.indexOf(element).call();
  }

  @Override
  public int lastIndexOf(Object element) {
    return ops.lastIndexOf(element).call();
  }

  @Override
  public boolean contains(Object element) {
    return ops.contains(element).call();
  }

  @Override
  public boolean containsAll(Collection<?> elements) {
    return ops.containsAll(elements).call();
  }

  @Override
  public boolean addAll(Collection<? extends E> elements) {
    return ops.addAll(elements).call();
  }

  @Override
  public boolean addAll(int index, Collection<? extends E> elements) {
    return ops.addAll(index, elements).call();
  }

  @Override
  public boolean removeAll(Collection<?> elements) {
    return ops.removeAll(elements).call();
  }

  @Override
  public boolean retainAll(Collection<?> elements) {
    return ops.retainAll(elements).call();
  }

  @Override
  public void clear() {
    ops.clear().call();
  }

  @Override
  protected void removeRange(int from, int to) {
    remote.call(ListOp.REMOVE_RANGE, from, to);
  }

  @Override
  public Object[] toArray() {
    return snapshot().toArray();
  }

  @Override
  public <T> T[] toArray(T[] array) {
    return snapshot().toArray(array);
  }

  @Override
  public Iterator<E> iterator() {
    return listIterator(0);
  }

  @Override
  public ListIterator<E> listIterator(int index) {
    List<E> snapshot = snapshot();
    if (index < 0 || index > snapshot.size()) {
      throw new IndexOutOfBoundsException("Index: " + index + ", Size: " + snapshot.size());
    }
    return new SnapshotIterator(snapshot, index);
  }

  @Override
  public void sort(Comparator<? super E> comparator) {
    rewrite(elements -> elements.sort(comparator));
  }

  @Override
  public void replaceAll(UnaryOperator<E> operator) {
    rewrite(elements -> elements.replaceAll(operator));
  }

  /** Applies a change to a copy and stores it only if nobody changed the list meanwhile. */
  private void rewrite(java.util.function.Consumer<List<E>> change) {
    while (true) {
      Object expected = remote.call(ListOp.SNAPSHOT);
      List<E> elements = remote.decodeAll(expected);
      change.accept(elements);
      if (remote.callBoolean(ListOp.COMPARE_AND_SET_ALL, expected, remote.encodeAll(elements))) {
        return;
      }
    }
  }

  private List<E> snapshot() {
    return ops.snapshot().call();
  }

  /** Walks a snapshot; set, add and remove write through by index, as ArrayList's iterator. */
  private final class SnapshotIterator implements ListIterator<E> {
    private final List<E> snapshot;
    private int cursor;
    private int last = -1;

    SnapshotIterator(List<E> snapshot, int cursor) {
      this.snapshot = snapshot;
      this.cursor = cursor;
    }

    @Override
    public boolean hasNext() {
      return cursor < snapshot.size();
    }

    @Override
    public E next() {
      return step(cursor, index -> cursor = index + 1);
    }

    @Override
    public boolean hasPrevious() {
      return cursor > 0;
    }

    @Override
    public E previous() {
      return step(cursor - 1, index -> cursor = index);
    }

    private E step(int index, java.util.function.IntConsumer move) {
      if (index < 0 || index >= snapshot.size()) {
        throw new NoSuchElementException();
      }
      move.accept(index);
      last = index;
      return snapshot.get(index);
    }

    @Override
    public int nextIndex() {
      return cursor;
    }

    @Override
    public int previousIndex() {
      return cursor - 1;
    }

    @Override
    public void remove() {
      ListProxy.this.remove(checkedLast());
      snapshot.remove(last);
      cursor = last;
      last = -1;
    }

    @Override
    public void set(E element) {
      ListProxy.this.set(checkedLast(), element);
      snapshot.set(last, element);
    }

    @Override
    public void add(E element) {
      ListProxy.this.add(cursor, element);
      snapshot.add(cursor++, element);
      last = -1;
    }

    private int checkedLast() {
      if (last < 0) {
        throw new IllegalStateException("next() or previous() first");
      }
      return last;
    }
  }

  @Override
  public Async<E> async() {
    return async;
  }

  /** The request of each op that has both call styles, ready to be sent either way. */
  private final class Ops {
    Remote.Prepared<Integer> size() {
      return remote.prepare(ListOp.SIZE, Remote.INTEGER);
    }

    Remote.Prepared<E> get(int index) {
      return remote.prepare(ListOp.GET, remote.value(), index);
    }

    Remote.Prepared<E> set(int index, E element) {
      return remote.prepare(ListOp.SET, remote.value(), index, remote.encode(element));
    }

    Remote.Prepared<Boolean> add(E element) {
      return remote.prepare(ListOp.ADD, reply -> Boolean.TRUE, remote.encode(element));
    }

    Remote.Prepared<Void> add(int index, E element) {
      return remote.prepare(ListOp.ADD_AT, Remote.NOTHING, index, remote.encode(element));
    }

    Remote.Prepared<Boolean> addAll(Collection<? extends E> elements) {
      return remote.prepare(ListOp.ADD_ALL, Remote.BOOLEAN, remote.encodeAll(elements));
    }

    Remote.Prepared<Boolean> addAll(int index, Collection<? extends E> elements) {
      return remote.prepare(ListOp.ADD_ALL_AT, Remote.BOOLEAN, index, remote.encodeAll(elements));
    }

    Remote.Prepared<E> remove(int index) {
      return remote.prepare(ListOp.REMOVE_AT, remote.value(), index);
    }

    Remote.Prepared<Boolean> remove(Object element) {
      return remote.query(ListOp.REMOVE, Remote.BOOLEAN, false, element);
    }

    Remote.Prepared<Boolean> removeAll(Collection<?> elements) {
      return remote.prepare(ListOp.REMOVE_ALL, Remote.BOOLEAN, remote.encodeQueries(elements));
    }

    Remote.Prepared<Boolean> retainAll(Collection<?> elements) {
      return remote.prepare(ListOp.RETAIN_ALL, Remote.BOOLEAN, remote.encodeQueries(elements));
    }

    Remote.Prepared<Integer> indexOf(Object element) {
      return remote.query(ListOp.INDEX_OF, Remote.INTEGER, -1, element);
    }

    Remote.Prepared<Integer> lastIndexOf(Object element) {
      return remote.query(ListOp.LAST_INDEX_OF, Remote.INTEGER, -1, element);
    }

    Remote.Prepared<Boolean> contains(Object element) {
      return remote.query(ListOp.CONTAINS, Remote.BOOLEAN, false, element);
    }

    /** Answered false at once when an element cannot be serialized, so is in no list. */
    Remote.Prepared<Boolean> containsAll(Collection<?> elements) {
      ArrayList<Object> known = remote.encodeQueries(elements);
      return known.size() != elements.size()
          ? remote.answered(false)
          : remote.prepare(ListOp.CONTAINS_ALL, Remote.BOOLEAN, known);
    }

    Remote.Prepared<Void> clear() {
      return remote.prepare(ListOp.CLEAR, Remote.NOTHING);
    }

    Remote.Prepared<List<E>> snapshot() {
      return remote.prepare(ListOp.SNAPSHOT, remote.values());
    }
  }

  /** The asynchronous operations, each one request like their synchronous twins. */
  private final class AsyncList implements Async<E> {
    @Override
    public CompletableFuture<Integer> size() {
      return ops.size().async();
    }

    @Override
    public CompletableFuture<E> get(int index) {
      return ops.get(index).async();
    }

    @Override
    public CompletableFuture<E> set(int index, E element) {
      return ops.set(index, element).async();
    }

    @Override
    public CompletableFuture<Boolean> add(E element) {
      return ops.add(element).async();
    }

    @Override
    public CompletableFuture<Void> add(int index, E element) {
      return ops.add(index, element).async();
    }

    @Override
    public CompletableFuture<Boolean> addAll(Collection<? extends E> elements) {
      return ops.addAll(elements).async();
    }

    @Override
    public CompletableFuture<Boolean> addAll(int index, Collection<? extends E> elements) {
      return ops.addAll(index, elements).async();
    }

    @Override
    public CompletableFuture<E> remove(int index) {
      return ops.remove(index).async();
    }

    @Override
    public CompletableFuture<Boolean> remove(Object element) {
      return ops.remove(element).async();
    }

    @Override
    public CompletableFuture<Boolean> removeAll(Collection<?> elements) {
      return ops.removeAll(elements).async();
    }

    @Override
    public CompletableFuture<Boolean> retainAll(Collection<?> elements) {
      return ops.retainAll(elements).async();
    }

    @Override
    public CompletableFuture<Integer> indexOf(Object element) {
      return ops.indexOf(element).async();
    }

    @Override
    public CompletableFuture<Integer> lastIndexOf(Object element) {
      return ops.lastIndexOf(element).async();
    }

    @Override
    public CompletableFuture<Boolean> contains(Object element) {
      return ops.contains(element).async();
    }

    @Override
    public CompletableFuture<Boolean> containsAll(Collection<?> elements) {
      return ops.containsAll(elements).async();
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
}
