package io.jmanager.server;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who may connect, in two pools. A connection in its handshake holds a slot of the handshake pool,
 * overall and per remote address; once it proves a key it moves to the session pool, also counted
 * overall and per address. So connections that never authenticate cannot take the slots key holders
 * need: when the handshake pool is full, a new connection takes the slot of the oldest handshake,
 * which is refused as busy; holding handshakes open gains nothing, and churning them counts against
 * the churning address. Failed handshakes (wrong key, garbage, timeout, a close before the end, an
 * eviction) are counted per address in a window; an address past the limit is refused when it
 * connects and when its AUTH arrives, before its key is checked, so connections opened in advance
 * give no more guesses than the limit.
 *
 * <p>Thread-safe: every event loop admits, promotes and releases; all state is guarded by {@code
 * this}, held only for map updates.
 */
final class ConnectionLimits {
  /** How long failed handshakes count against their address. */
  static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);

  /** Past this many addresses with failures on record, expired records are swept. */
  private static final int SWEEP_ABOVE = 10_000;

  /** The user event that tells a handshake it has been evicted from a full handshake pool. */
  record Evicted(int limit) {}

  private final int maxSessions;
  private final int maxSessionsPerAddress;
  private final int maxHandshakes;
  private final int maxHandshakesPerAddress;
  private final int maxFailures;

  /** Connections in their handshake, oldest first. */
  private final Map<Channel, InetAddress> handshakes = new LinkedHashMap<>();

  private final Map<InetAddress, Integer> handshakesPerAddress = new HashMap<>();
  private final Map<InetAddress, Integer> sessionsPerAddress = new HashMap<>();
  private final Map<InetAddress, Failures> failures = new HashMap<>();
  private int sessions;

  ConnectionLimits(ServerConfig config) {
    this.maxSessions = config.maxConnections();
    this.maxSessionsPerAddress = config.maxConnectionsPerAddress();
    this.maxHandshakes = config.maxHandshakes();
    this.maxHandshakesPerAddress = config.maxHandshakesPerAddress();
    this.maxFailures = config.maxFailedHandshakes();
  }

  /** Failed handshakes of one address since {@code since}. */
  private record Failures(long since, int count) {}

  /**
   * Admits {@code channel}, from {@code address}, to the handshake pool and returns null, or
   * returns why it is refused (then nothing is counted). When the pool is full, its oldest
   * handshake is evicted: sent {@link Evicted}. The slot is freed when the channel closes or {@link
   * #promote promoted}.
   */
  String admit(Channel channel, InetAddress address, long nowNanos) {
    Channel evicted;
    synchronized (this) {
      String refusal = refusal(address, nowNanos);
      if (refusal != null) {
        return refusal;
      }
      evicted = handshakes.size() >= maxHandshakes ? removeOldestHandshake() : null;
      handshakes.put(channel, address);
      handshakesPerAddress.merge(address, 1, Integer::sum);
    }
    channel.closeFuture().addListener(closed -> handshakeEnded(channel));
    if (evicted != null) {
      evicted.pipeline().fireUserEventTriggered(new Evicted(maxHandshakes));
    }
    return null;
  }

  /** Why a new connection from {@code address} is refused; null when it is not. */
  private String refusal(InetAddress address, long nowNanos) {
    String throttled = throttled(address, nowNanos);
    if (throttled != null) {
      return throttled;
    }
    if (handshakesPerAddress.getOrDefault(address, 0) >= maxHandshakesPerAddress) {
      return tooMany(
          "connections in their handshake from " + address.getHostAddress(),
          maxHandshakesPerAddress);
    }
    return null;
  }

  /**
   * Moves {@code channel}, whose client proved a key, from the handshake pool to the session pool
   * and returns null, or returns why it is refused (then it holds no session slot). A channel
   * evicted meanwhile is promoted all the same: its handshake slot is already free.
   */
  String promote(Channel channel, InetAddress address) {
    synchronized (this) {
      handshakeEnded(channel);
      if (sessions >= maxSessions) {
        return tooMany("connections", maxSessions);
      }
      if (sessionsPerAddress.getOrDefault(address, 0) >= maxSessionsPerAddress) {
        return tooMany("connections from " + address.getHostAddress(), maxSessionsPerAddress);
      }
      sessions++;
      sessionsPerAddress.merge(address, 1, Integer::sum);
    }
    channel.closeFuture().addListener(closed -> sessionEnded(address));
    return null;
  }

  /**
   * Counts a guess of the key from {@code address} before it is checked and returns null, or
   * returns why the address may not guess now. Pair with {@link #guessedRight} when the key was
   * right; a wrong one stays counted as a failed handshake.
   */
  synchronized String guess(InetAddress address, long nowNanos) {
    String refusal = throttled(address, nowNanos);
    if (refusal == null) {
      handshakeFailed(address, nowNanos);
    }
    return refusal;
  }

  /** Takes back the failure {@link #guess} counted for a guess that proved right. */
  synchronized void guessedRight(InetAddress address) {
    failures.computeIfPresent(
        address,
        (key, failed) ->
            failed.count() == 1 ? null : new Failures(failed.since(), failed.count() - 1));
  }

  /** Records a failed handshake from {@code address}. */
  synchronized void handshakeFailed(InetAddress address, long nowNanos) {
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

  /** Why {@code address} is refused for its failed handshakes; null when it is not. */
  private String throttled(InetAddress address, long nowNanos) {
    Failures failed = failures.get(address);
    if (failed == null || failed.count() < maxFailures) {
      return null;
    }
    long left = failed.since() + FAILURE_WINDOW.toNanos() - nowNanos;
    if (left <= 0) {
      failures.remove(address);
      return null;
    }
    return "too many failed handshakes from "
        + address.getHostAddress()
        + "; try again in "
        + Math.max(1, left / 1_000_000_000L)
        + " s";
  }

  private Channel removeOldestHandshake() {
    Iterator<Map.Entry<Channel, InetAddress>> oldest = handshakes.entrySet().iterator();
    Map.Entry<Channel, InetAddress> entry = oldest.next();
    oldest.remove();
    decrement(handshakesPerAddress, entry.getValue());
    return entry.getKey();
  }

  /** Frees the handshake slot of {@code channel}, if it still holds one. */
  private synchronized void handshakeEnded(Channel channel) {
    InetAddress address = handshakes.remove(channel);
    if (address != null) {
      decrement(handshakesPerAddress, address);
    }
  }

  private synchronized void sessionEnded(InetAddress address) {
    sessions--;
    decrement(sessionsPerAddress, address);
  }

  private static void decrement(Map<InetAddress, Integer> counts, InetAddress address) {
    counts.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
  }

  private static String tooMany(String what, int limit) {
    return "too many " + what + " (limit " + limit + ")";
  }
}
