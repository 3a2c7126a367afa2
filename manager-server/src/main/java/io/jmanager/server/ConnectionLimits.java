package io.jmanager.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may open a connection: counts open connections overall and per remote address, and failed
 * handshakes per address within a window. Thread-safe; every event loop admits and releases.
 */
final class ConnectionLimits {
  /** How long failed handshakes count against their address. */
  static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);

  /** Past this many addresses with failures on record, expired records are swept. */
  private static final int SWEEP_ABOVE = 10_000;

  private final int maxConnections;
  private final int maxPerAddress;
  private final int maxFailures;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
  private final Map<InetAddress, Failures> failures = new ConcurrentHashMap<>();

  ConnectionLimits(ServerConfig config) {
    this.maxConnections = config.maxConnections();
    this.maxPerAddress = config.maxConnectionsPerAddress();
    this.maxFailures = config.maxFailedHandshakes();
  }

  /** Failed handshakes of one address since {@code since}. */
  private record Failures(long since, int count) {}

  /**
   * Admits a connection from {@code address} and returns null, or returns why it is refused (then
   * nothing is counted). An admitted connection must be {@link #release released} when it closes.
   */
  String admit(InetAddress address, long nowNanos) {
    Failures failed = failures.get(address);
    if (failed != null && failed.count() >= maxFailures) {
      long left = failed.since() + FAILURE_WINDOW.toNanos() - nowNanos;
      if (left > 0) {
        return "too many failed handshakes from "
            + address.getHostAddress()
            + "; try again in "
            + Math.max(1, left / 1_000_000_000L)
            + " s";
      }
      failures.remove(address, failed);
    }
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      return "too many connections (limit " + maxConnections + ")";
    }
    int mine = perAddress.merge(address, 1, Integer::sum);
    if (mine > maxPerAddress) {
      release(address);
      return "too many connections from "
          + address.getHostAddress()
          + " (limit "
          + maxPerAddress
          + ")";
    }
    return null;
  }

  /** Forgets an admitted connection that closed. */
  void release(InetAddress address) {
    perAddress.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
    open.decrementAndGet();
  }

  /** Records a failed handshake from {@code address}. */
  void handshakeFailed(InetAddress address, long nowNanos) {
    failures.merge(
        address,
        new Failures(nowNanos, 1),
        (old, one) ->
            nowNanos - old.since() > FAILURE_WINDOW.toNanos()
                ? one
                : new Failures(old.since(), old.count() + 1));
    if (failures.size() > SWEEP_ABOVE) {
      failures.values().removeIf(f -> nowNanos - f.since() > FAILURE_WINDOW.toNanos());
    }
  }
}
