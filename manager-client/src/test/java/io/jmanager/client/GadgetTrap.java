package io.jmanager.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trap classes that have been initialized, each adding its own class from its static
 * initializer; a separate class, so reading it initializes none of them.
 */
final class GadgetTrap {
  static final Set<Class<?>> INITIALIZED = ConcurrentHashMap.newKeySet();

  private GadgetTrap() {}
}
