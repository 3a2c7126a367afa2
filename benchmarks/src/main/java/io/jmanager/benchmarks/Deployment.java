package io.jmanager.benchmarks;

import io.jmanager.client.Manager;

/**
 * The jmanager daemons behind a {@link JmanagerPeer}, on 127.0.0.1: a single server in memory or
 * durable ({@link SingleServer}), later a cluster. Closing it stops every daemon by its pid,
 * bounded in time, and deletes the files they wrote.
 */
interface Deployment extends AutoCloseable {
  /** What runs, for the report's list of peers. */
  String description();

  /** A new client of these daemons: one connection. */
  Manager connect();

  @Override
  void close() throws Exception;
}
