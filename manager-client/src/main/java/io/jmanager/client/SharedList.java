package io.jmanager.client;

import java.util.List;

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
}
