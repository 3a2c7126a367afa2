package io.jmanager.client;

/**
 * Stands in for a deserialization gadget: a class on the server's class path that a hostile payload
 * names. Initializing it is recorded in {@link GadgetTrap}, so a test can show it never was.
 */
final class Gadget {
  static {
    GadgetTrap.INITIALIZED.add(Gadget.class);
  }

  private Gadget() {}
}
