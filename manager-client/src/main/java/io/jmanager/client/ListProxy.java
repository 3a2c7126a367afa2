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

/** The client side of a shared list: every method is one call to the server. */
final class ListProxy<E> extends AbstractList<E> implements SharedList<E> {
  private final Remote remote;
  private final Async<E> async = new AsyncList();

  ListProxy(Connection connection, long id, String name) {
    this.remote = new Remote(connection, id, name);
  }

  @Override
  public String name() {
    return remote.name();
  }

  @Override
  public int size() {
    return remote.callInt(ListOp.SIZE);
  }

  @Override
  public E get(int index) {
    return remote.decode(remote.call(ListOp.GET, index));
  }

  @Override
  public E set(int index, E element) {
    return remote.decode(remote.call(ListOp.SET, index, remote.encode(element)));
  }

  @Override
  public boolean add(E element) {
    remote.call(ListOp.ADD, remote.encode(element));
    return true;
  }

  @Override
  public void add(int index, E element) {
    remote.call(ListOp.ADD_AT, index, remote.encode(element));
  }

  @Override
  public E remove(int index) {
    return remote.decode(remote.call(ListOp.REMOVE_AT, index));
  }

  @Override
  public boolean remove(Object element) {
    byte[] bytes = remote.encodeQuery(element);
    return bytes != null && remote.callBoolean(ListOp.REMOVE, bytes);
  }

  @Override
  public int indexOf(Object element) {
    byte[] bytes = remote.encodeQuery(element);
    return bytes == null ? -1 : remote.callInt(ListOp.INDEX_OF, bytes);
  }

  @Override
  public int lastIndexOf(Object element) {
    byte[] bytes = remote.encodeQuery(element);
    return bytes == null ? -1 : remote.callInt(ListOp.LAST_INDEX_OF, bytes);
  }

  @Override
  public boolean contains(Object element) {
    byte[] bytes = remote.encodeQuery(element);
    return bytes != null && remote.callBoolean(ListOp.CONTAINS, bytes);
  }

  @Override
  public boolean containsAll(Collection<?> elements) {
    ArrayList<Object> known = remote.encodeQueries(elements);
    return known.size() == elements.size() && remote.callBoolean(ListOp.CONTAINS_ALL, known);
  }

  @Override
  public boolean addAll(Collection<? extends E> elements) {
    return remote.callBoolean(ListOp.ADD_ALL, remote.encodeAll(elements));
  }

  @Override
  public boolean addAll(int index, Collection<? extends E> elements) {
    return remote.callBoolean(ListOp.ADD_ALL_AT, index, remote.encodeAll(elements));
  }

  @Override
  public boolean removeAll(Collection<?> elements) {
    return remote.callBoolean(ListOp.REMOVE_ALL, remote.encodeQueries(elements));
  }

  @Override
  public boolean retainAll(Collection<?> elements) {
    return remote.callBoolean(ListOp.RETAIN_ALL, remote.encodeQueries(elements));
  }

  @Override
  public void clear() {
    remote.call(ListOp.CLEAR);
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
    return remote.decodeAll(remote.call(ListOp.SNAPSHOT));
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

  /** The asynchronous operations, each one request like their synchronous twins. */
  private final class AsyncList implements Async<E> {
    @Override
    public CompletableFuture<Integer> size() {
      return remote.async(ListOp.SIZE, Remote.as(Integer.class));
    }

    @Override
    public CompletableFuture<E> get(int index) {
      return remote.async(ListOp.GET, remote.value(), index);
    }

    @Override
    public CompletableFuture<E> set(int index, E element) {
      return remote.async(ListOp.SET, remote.value(), index, remote.encode(element));
    }

    @Override
    public CompletableFuture<Boolean> add(E element) {
      return remote.async(ListOp.ADD, reply -> Boolean.TRUE, remote.encode(element));
    }

    @Override
    public CompletableFuture<Void> add(int index, E element) {
      return remote.async(ListOp.ADD_AT, Remote.nothing(), index, remote.encode(element));
    }

    @Override
    public CompletableFuture<Boolean> addAll(Collection<? extends E> elements) {
      return remote.async(ListOp.ADD_ALL, Remote.as(Boolean.class), remote.encodeAll(elements));
    }

    @Override
    public CompletableFuture<Boolean> addAll(int index, Collection<? extends E> elements) {
      return remote.async(
          ListOp.ADD_ALL_AT, Remote.as(Boolean.class), index, remote.encodeAll(elements));
    }

    @Override
    public CompletableFuture<E> remove(int index) {
      return remote.async(ListOp.REMOVE_AT, remote.value(), index);
    }

    @Override
    public CompletableFuture<Boolean> remove(Object element) {
      byte[] bytes = remote.encodeQuery(element);
      return bytes == null
          ? remote.answered(false)
          : remote.async(ListOp.REMOVE, Remote.as(Boolean.class), bytes);
    }

    @Override
    public CompletableFuture<Boolean> removeAll(Collection<?> elements) {
      return remote.async(
          ListOp.REMOVE_ALL, Remote.as(Boolean.class), remote.encodeQueries(elements));
    }

    @Override
    public CompletableFuture<Boolean> retainAll(Collection<?> elements) {
      return remote.async(
          ListOp.RETAIN_ALL, Remote.as(Boolean.class), remote.encodeQueries(elements));
    }

    @Override
    public CompletableFuture<Integer> indexOf(Object element) {
      byte[] bytes = remote.encodeQuery(element);
      return bytes == null
          ? remote.answered(-1)
          : remote.async(ListOp.INDEX_OF, Remote.as(Integer.class), bytes);
    }

    @Override
    public CompletableFuture<Integer> lastIndexOf(Object element) {
      byte[] bytes = remote.encodeQuery(element);
      return bytes == null
          ? remote.answered(-1)
          : remote.async(ListOp.LAST_INDEX_OF, Remote.as(Integer.class), bytes);
    }

    @Override
    public CompletableFuture<Boolean> contains(Object element) {
      byte[] bytes = remote.encodeQuery(element);
      return bytes == null
          ? remote.answered(false)
          : remote.async(ListOp.CONTAINS, Remote.as(Boolean.class), bytes);
    }

    @Override
    public CompletableFuture<Boolean> containsAll(Collection<?> elements) {
      ArrayList<Object> known = remote.encodeQueries(elements);
      return known.size() != elements.size()
          ? remote.answered(false)
          : remote.async(ListOp.CONTAINS_ALL, Remote.as(Boolean.class), known);
    }

    @Override
    public CompletableFuture<Void> clear() {
      return remote.async(ListOp.CLEAR, Remote.nothing());
    }

    @Override
    public CompletableFuture<List<E>> snapshot() {
      return remote.async(ListOp.SNAPSHOT, remote.values());
    }
  }
}
