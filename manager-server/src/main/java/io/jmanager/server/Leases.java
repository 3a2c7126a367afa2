package io.jmanager.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The leader's timers for sessions that have no connection: a session whose connection was lost
 * without a close, or whose client was connected to a member that no longer leads, is kept for one
 * lease for its client to come back to; when the lease runs out, {@code expire} logs its close.
 * Whether a session has a connection is the leader's knowledge, not state: only the close is
 * logged. Thread-safe.
 */
final class Leases {
  private final ScheduledExecutorService timer;
  private final long leaseNanos;
  private final LongConsumer expire;
  private final Map<Long, Future<?>> running = new HashMap<>();
  private final Set<Long> expired = new HashSet<>();

  /** Leases of {@code lease} timed on {@code timer}, whose expiries go to {@code expire}. */
  Leases(ScheduledExecutorService timer, Duration lease, LongConsumer expire) {
    this.timer = timer;
    this.leaseNanos = lease.toNanos();
    this.expire = expire;
  }

  /** Starts the lease of {@code session}, unless it runs already. */
  synchronized void start(long session) {
    if (!running.containsKey(session)) {
      running.put(session, timer.schedule(() -> ran(session), leaseNanos, TimeUnit.NANOSECONDS));
    }
  }

  private void ran(long session) {
    synchronized (this) {
      if (running.remove(session) == null) {
        return;
      }
      expired.add(session);
    }
    expire.accept(session);
  }

  /**
   * Stops the lease of {@code session}, whose client is back; false if it ran out already (its
   * close is logged or on its way).
   */
  synchronized boolean stop(long session) {
    if (expired.contains(session)) {
      return false;
    }
    Future<?> lease = running.remove(session);
    if (lease != null) {
      lease.cancel(false);
    }
    return true;
  }

  /** Forgets {@code session}, whose close is applied. */
  synchronized void closed(long session) {
    expired.remove(session);
  }

  /** Stops every lease: this server no longer leads, and the next leader times them. */
  synchronized void clear() {
    running.values().forEach(lease -> lease.cancel(false));
    running.clear();
    expired.clear();
  }
}
