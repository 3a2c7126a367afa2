package io.jmanager.client;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A list shared by every JVM connected to the server, like a Python Manager's {@code list()}. Each
 * method is one call to the server; bulk methods ({@code addAll}, {@code removeAll}, {@code
 * containsAll}, {@code clear}, {@code toArray}, iteration) are one call each. Iterators work on a
 * snapshot; their {@code remove}, {@code set} and {@code add} write through by index. {@code sort}
 * and {@code replaceAll} are atomic: they retry if another client changed the list meanwhile.
 * Elements compare by their serialized bytes. Null elements are rejected with {@link
 * NullPointerException}; bad indexes throw {@link IndexOutOfBoundsException}.
 *
 * @param <E> element type, registered with the manager's Kryo unless built in
 */
public interface SharedList<E> extends List<E> {
  /** The name this list is shared under. */
  String name();

  /**
   * The asynchronous form of this list's operations: each sends one request and returns at once,
   * pipelined with every other call on the manager's connection; see {@link SharedDict.Async} for
   * where the futures complete and how calls in flight are bounded.
   */
  Async<E> async();

  /** Every operation of a shared list as a future; each fails as its synchronous twin throws. */
  interface Async<E> {
    /** {@link List#size}. */
    CompletableFuture<Integer> size();

    /** {@link List#get}. */
    CompletableFuture<E> get(int index);

    /** {@link List#set}. */
    CompletableFuture<E> set(int index, E element);

    /** {@link List#add(Object)}: appends; completes with true. */
    CompletableFuture<Boolean> add(E element);

    /** {@link List#add(int, Object)}. */
    CompletableFuture<Void> add(int index, E element);

    /** {@link List#addAll(Collection)}, in one request. */
    CompletableFuture<Boolean> addAll(Collection<? extends E> elements);

    /** {@link List#addAll(int, Collection)}, in one request. */
    CompletableFuture<Boolean> addAll(int index, Collection<? extends E> elements);

    /** {@link List#remove(int)}. */
    CompletableFuture<E> remove(int index);

    /** {@link List#remove(Object)}. */
    CompletableFuture<Boolean> remove(Object element);

    /** {@link List#removeAll}, in one request. */
    CompletableFuture<Boolean> removeAll(Collection<?> elements);

    /** {@link List#retainAll}, in one request. */
    CompletableFuture<Boolean> retainAll(Collection<?> elements);

    /** {@link List#indexOf}. */
    CompletableFuture<Integer> indexOf(Object element);

    /** {@link List#lastIndexOf}. */
    CompletableFuture<Integer> lastIndexOf(Object element);

    /** {@link List#contains}. */
    CompletableFuture<Boolean> contains(Object element);

    /** {@link List#containsAll}, in one request. */
    CompletableFuture<Boolean> containsAll(Collection<?> elements);

    /** {@link List#clear}. */
    CompletableFuture<Void> clear();

    /** A copy of every element, taken in one request. */
    CompletableFuture<List<E>> snapshot();
  }
}
