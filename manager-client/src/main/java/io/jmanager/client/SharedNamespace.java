package io.jmanager.client;

import java.util.List;

/**
 * Named attributes shared by every JVM connected to the server, Python's {@code Namespace}: where
 * Python writes {@code ns.x = 1}, Java writes {@code ns.set("x", 1)}.
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
