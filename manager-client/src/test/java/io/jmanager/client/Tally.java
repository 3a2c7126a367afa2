package io.jmanager.client;

/** A user-registered type for the tests: the interface clients see. */
public interface Tally {
  /** A value class its methods use, registered on both sides. */
  record Entry(String label, int amount) {}

  /** Adds an entry and returns the new total. */
  int add(Entry entry);

  /** The largest entry so far, or null. */
  Entry largest();

  /** Always throws, to show how a remote exception looks. */
  void fail(String why);

  /** Takes an argument of a class the server does not register. */
  void store(Object anything);
}
