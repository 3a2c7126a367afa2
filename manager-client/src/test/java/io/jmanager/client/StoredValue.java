package io.jmanager.client;

/**
 * A user value class with no fields, so its serialized form is its registration id alone and a test
 * can write it without initializing the class; initializing it is recorded in {@link GadgetTrap}.
 */
final class StoredValue {
  static {
    GadgetTrap.INITIALIZED.add(StoredValue.class);
  }
}
