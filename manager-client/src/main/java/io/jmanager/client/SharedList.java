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
 * <h2>Errors</h2>
 *
 * <p>Besides what {@link List} promises (such as {@link IndexOutOfBoundsException} for a bad
 * index), {@link #name()} and {@link #async()} are answered locally and throw nothing; every other
 * method calls the server and may throw {@link ManagerException} when the connection is lost,
 * {@link ManagerTimeoutException} when the server does not answer within the call timeout, {@link
 * IllegalArgumentException} when a request is over the server's frame limit (nothing is sent), and
 * {@link IllegalStateException} once the object has been deleted ({@link Manager#delete}). An
 * element to store, or one read back, whose class is not registered in this JVM throws {@link
 * SerializationException}; a lookup with one finds nothing instead. A call that would grow the
 * object past the server's memory budget throws {@link MemoryLimitException}, and one whose answer
 * is over the server's reply limit {@link TooLargeException}. After a lost connection or a timeout
 * the call may or may not have been applied; the other errors apply nothing. Opening it ({@link
 * Manager#list}) throws {@link WrongTypeException} when the name holds another type of object.
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

  /**
   * Every operation of a shared list as a future; each fails as its synchronous twin throws.
   *
   * <h2>Errors</h2>
   *
   * <p>A future fails with the exception its synchronous twin throws (see {@link SharedList}); a
   * null or unregistered argument, or a request over the server's frame limit, throws at once, and
   * nothing is sent.
   */
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
