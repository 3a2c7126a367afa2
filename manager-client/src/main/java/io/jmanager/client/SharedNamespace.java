package io.jmanager.client;

import java.util.List;

/**
 * Named attributes shared by every JVM connected to the server, Python's {@code Namespace}: where
 * Python writes {@code ns.x = 1}, Java writes {@code ns.set("x", 1)}.
 *
 * <h2>Errors</h2>
 *
 * <p>{@link #name()} is answered locally and throws nothing; every other method calls the server
 * and may throw {@link ManagerException} when the connection is lost, {@link
 * ManagerTimeoutException} when the server does not answer within the call timeout, {@link
 * IllegalArgumentException} when a request is over the server's frame limit (nothing is sent), and
 * {@link IllegalStateException} once the object has been deleted ({@link Manager#delete}). A value
 * to store, or one read back, whose class is not registered in this JVM throws {@link
 * SerializationException}. A call that would grow the object past the server's memory budget throws
 * {@link MemoryLimitException}, and one whose answer is over the server's reply limit {@link
 * TooLargeException}. A null attribute name or value throws {@link NullPointerException}. After a
 * lost connection or a timeout the call may or may not have been applied; the other errors apply
 * nothing. Opening it ({@link Manager#namespace}) throws {@link WrongTypeException} when the name
 * holds another type of object.
 */
public interface SharedNamespace {
  /** The name this namespace is shared under. */
  String name();

  /** The attribute's value, or null when it is not set. */
  <T> T get(String attribute);

  /** Sets an attribute; a null value is rejected with {@link NullPointerException}. */
  void set(String attribute, Object value);

  /** Deletes an attribute; returns whether it was set. */
  boolean delete(String attribute);

  /** Whether the attribute is set. */
  boolean contains(String attribute);

  /** The attributes' names, in the order they were first set. */
  List<String> names();
}
