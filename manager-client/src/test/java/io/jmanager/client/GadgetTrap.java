package io.jmanager.client;

/** Set when {@link Gadget} is initialized; a separate class, so reading it loads no gadget. */
final class GadgetTrap {
  static volatile boolean tripped;

  private GadgetTrap() {}
}
