package io.jmanager.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the calls parked on the server: per connection and overall. A call that may park is
 * refused as BUSY, before it changes anything, once either bound is reached. Thread-safe.
 */
final class WaiterLimits {
  private volatile int perConnection;
  private volatile int overall;
  private final AtomicInteger parked = new AtomicInteger();

  WaiterLimits(int perConnection, int overall) {
    this.perConnection = perConnection;
    this.overall = overall;
  }

  WaiterLimits(ServerConfig config) {
    this(config.maxInFlightPerConnection(), config.maxParkedWaiters());
  }

  /**
   * Why a connection with {@code parkedOnConnection} parked calls may not park one more, or null.
   */
  String refusal(int parkedOnConnection) {
    if (parkedOnConnection >= perConnection) {
      return "this connection has "
          + parkedOnConnection
          + " calls waiting on the server (limit "
          + perConnection
          + ")";
    }
    int all = parked.get();
    if (all >= overall) {
      return all + " calls are waiting on the server (limit " + overall + ")";
    }
    return null;
  }

  /** Changes both bounds; calls parked already stay parked. */
  void set(int perConnection, int overall) {
    this.perConnection = perConnection;
    this.overall = overall;
  }

  int perConnection() {
    return perConnection;
  }

  int overall() {
    return overall;
  }

  void parked() {
    parked.incrementAndGet();
  }

  void unparked() {
    parked.decrementAndGet();
  }

  /** Calls parked now, over all connections. */
  int parkedNow() {
    return parked.get();
  }
}
