package io.jmanager.client;

/** A proxy that can be sent to another JVM, where it is opened again by name. */
interface Reopenable {
  /** What opens this proxy's object again on another manager. */
  ProxyReference reference();
}
