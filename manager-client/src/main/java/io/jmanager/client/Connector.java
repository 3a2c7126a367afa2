package io.jmanager.client;

import io.jmanager.protocol.Timeouts;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Opens a connection to the first server of an address list that lets this client in. A round tries
 * the addresses in order; a server that is not its cluster's leader and names the leader sends the
 * client there next, even off the list, at most one more time than the list is long per round, and
 * never to an address the round has tried, so two servers naming each other cannot hold it. When a
 * round let the client in nowhere, it waits (50 ms, then 100 ms) and goes round again, until the
 * connect timeout has passed in total, counted from after the one-time costs of a JVM's first
 * connection (which a JVM starting on a busy machine can take seconds to pay). Each try may take
 * the timeout's share of one address, so that an address that swallows packets cannot use up the
 * time of the others; in a cluster, its TCP connection may take at most {@link #CLUSTER_REACH}.
 *
 * <p>A wrong key, a failed TLS handshake or a version mismatch ends it at once, since every server
 * of a cluster answers the same. A lone address that never said it is a follower is a plain server:
 * it is tried once, and its failure thrown as it is, so that an unreachable or busy server is told
 * at once. Used once, by the thread that connects.
 */
final class Connector {
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /**
   * How long a try in a cluster may wait for its TCP connection: a host's kernel answers at once
   * however busy its server, and this leaves time for one lost SYN sent again (after 1 s), so an
   * address that answers nothing is a member that is gone, tried again in the next round; without a
   * bound, a dead member's address took a resuming client the timeout's share of one address.
   */
  private static final Duration CLUSTER_REACH = Duration.ofMillis(1500);

  private final Addresses addresses;
  private final byte[] authkey;
  private final ClientTls tls;
  private final Keepalive keepalive;
  private final Duration connectTimeout;
  private final long deadline;
  private final long resume;
  private final BooleanSupplier abandoned;

  /** The last failure at each address tried: the listed ones, then leaders off the list. */
  private final Map<Addresses.Address, ClientHandshake.Unavailable> failures =
      new LinkedHashMap<>();

  /** The latest failure; null until one. */
  private ClientHandshake.Unavailable latest;

  /** Whether these addresses are a cluster: several, or one that said it is a follower. */
  private boolean cluster;

  private Connector(
      Addresses addresses,
      byte[] authkey,
      ClientTls tls,
      Keepalive keepalive,
      Duration connectTimeout,
      long resume,
      BooleanSupplier abandoned) {
    this.addresses = addresses;
    this.authkey = authkey;
    this.tls = tls;
    this.keepalive = keepalive;
    this.connectTimeout = connectTimeout;
    ClientHandshake.load();
    this.deadline = System.nanoTime() + Timeouts.nanos(connectTimeout);
    this.resume = resume;
    this.abandoned = abandoned;
    // a session to resume waits for its server to come back, even alone
    this.cluster = addresses.size() > 1 || resume != 0;
    addresses.list().forEach(address -> failures.put(address, null));
  }

  /**
   * Connects to the first of {@code addresses} that lets this client in, within {@code
   * connectTimeout}. Throws {@link AuthenticationException} for a wrong key or a failed TLS
   * handshake and {@link ManagerException} for a server of another version, at once; when no
   * address let it in, {@link ManagerException} naming each address and its last failure ({@link
   * ServerBusyException} when each was busy), or for a plain server alone, its own failure. With
   * {@code resume} not 0, it resumes that session, and throws {@link SessionExpiredException} at
   * once when a server says it is closed; it gives up between rounds once {@code abandoned} says
   * so.
   */
  static ClientHandshake.Link open(
      Addresses addresses,
      byte[] authkey,
      ClientTls tls,
      Keepalive keepalive,
      Duration connectTimeout,
      long resume,
      BooleanSupplier abandoned) {
    return new Connector(addresses, authkey, tls, keepalive, connectTimeout, resume, abandoned)
        .connect();
  }

  private ClientHandshake.Link connect() {
    long pause = FIRST_PAUSE_NANOS;
    while (true) {
      ClientHandshake.Link link = round();
      if (link != null) {
        return link;
      }
      long left = timeLeft();
      if (!cluster || left <= 0) {
        throw failed("within " + connectTimeout);
      }
      if (abandoned.getAsBoolean()) {
        throw failed("before it was given up");
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failed("before this thread was interrupted");
      }
      pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
    }
  }

  /** Tries each address once, following the leaders named; null when none let this client in. */
  private ClientHandshake.Link round() {
    Set<Addresses.Address> tried = new HashSet<>();
    int redirects = addresses.size() + 1;
    for (Addresses.Address listed : addresses.list()) {
      Addresses.Address next = listed;
      // the first try is made however short the timeout
      while (next != null && (latest == null || timeLeft() > 0) && tried.add(next)) {
        Duration share = share();
        try {
          Duration reach = cluster && share.compareTo(CLUSTER_REACH) > 0 ? CLUSTER_REACH : share;
          return ClientHandshake.open(next, authkey, tls, keepalive, share, reach, resume);
        } catch (ClientHandshake.Unavailable e) {
          latest = e;
          // a try cut short by the deadline says less than the address's earlier answer
          if (failures.get(next) == null || !cutShort(share)) {
            failures.put(next, e);
          }
          cluster |= e.follower();
          next = e.leader() != null && redirects-- > 0 ? e.leader() : null;
        }
      }
    }
    return null;
  }

  /** How long the next try may take: the timeout's share of one address, at most what is left. */
  private Duration share() {
    return Duration.ofNanos(
        Math.min(timeLeft(), Timeouts.nanos(connectTimeout) / addresses.size()));
  }

  /** Whether a try given {@code share} had less than an address's share of the timeout. */
  private boolean cutShort(Duration share) {
    return Timeouts.nanos(share) < Timeouts.nanos(connectTimeout) / addresses.size();
  }

  private long timeLeft() {
    return deadline - System.nanoTime();
  }

  /**
   * The exception when no address let this client in: a plain server's own failure, or one naming
   * each address with its last failure.
   */
  private ManagerException failed(String when) {
    if (!cluster) {
      return latest.failure();
    }
    boolean allBusy = true;
    StringJoiner each = new StringJoiner("; ");
    for (Map.Entry<Addresses.Address, ClientHandshake.Unavailable> entry : failures.entrySet()) {
      ClientHandshake.Unavailable failure = entry.getValue();
      each.add(failure == null ? entry.getKey() + " was not tried" : failure.getMessage());
      allBusy &= failure != null && failure.failure() instanceof ServerBusyException;
    }
    String message = "cannot connect to any server of " + addresses + " " + when + ": " + each;
    return allBusy
        ? new ServerBusyException(message)
        : new ManagerException(message, latest.failure());
  }
}
