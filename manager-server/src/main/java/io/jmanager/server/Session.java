package io.jmanager.server;

import io.jmanager.protocol.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client's session: what it waits on, holds and owns, as state the server's requests change. It
 * knows each of its client's parked requests by id, and, per object, the list of its calls parked
 * there, so that a cancel finds its waiter at once and a closed session releases everything it
 * waited on or held without looking at other sessions' waiters.
 *
 * <p>A session is not its connection: its answers go to an {@link Output} (in memory, the {@link
 * ClientLink} of its connection), and its parked calls' deadlines are timed by its {@link Timers}.
 * Whether it is open is state too: it closes when the server applies its close, never because a
 * socket was seen to fail, so that what it is served is a function of the requests applied.
 * Wherever several objects are visited (at close), they are visited in order of their ids.
 *
 * <p>Thread confinement: {@link #send} may be called from any thread (a waiter is often completed
 * by another client's request on another event loop); the per-object lists of parked calls change
 * only under that object's lock, on any event loop.
 */
final class Session {
  /** Where a session's answers go. */
  interface Output {
    /** The output of a session with no connection at this server: its answers go nowhere. */
    Output NOWHERE =
        new Output() {
          @Override
          public void send(Message message, Handoff handoff) {}

          @Override
          public String client() {
            return "no connection here";
          }

          @Override
          public long connectedAtMillis() {
            return 0;
          }
        };

    /**
     * Sends an answer; if it cannot be delivered, {@code handoff} (when not null) puts back
     * whatever the answer carried, such as a queue item.
     */
    void send(Message message, Handoff handoff);

    /**
     * Sends an answer a durable session keeps until its client acknowledges it, and runs {@code
     * written} once it is written to the connection (handed to the kernel); without a connection,
     * it goes nowhere and {@code written} never runs.
     */
    default void sendKept(Message message, Runnable written) {
      send(message, null);
    }

    /** A description of the client, such as its address, for logs and the admin's list. */
    String client();

    /** When the client connected, in epoch milliseconds. */
    long connectedAtMillis();

    /**
     * Whether answers are still worth sending: false once an in-memory connection is condemned by
     * the outbound budget, so that no waiter of it is served while its close is on the way. A
     * durable session does not ask: there, only a logged close ends a session.
     */
    default boolean accepting() {
      return true;
    }
  }

  /** What one connection's session asks of the server, from the connection's event loop. */
  interface Inputs {
    /** A request, answered through the session's output. */
    void request(Message.Request request);

    /** A cancel of a parked request. */
    void cancel(long requestId);

    /**
     * The client has the answers to requests {@code ids}; a session that outlives its connection
     * stops keeping them, and nothing happens in memory.
     */
    default void acknowledged(long[] ids) {}

    /** The connection closed: the session closes. */
    void close();

    /**
     * The connection was lost (it timed out, its client perhaps alive): the session closes in
     * memory, and waits out its lease in the durable mode.
     */
    default void lost() {
      close();
    }

    /** Whether the session has nothing parked and holds nothing: closing it loses nothing. */
    boolean isQuiet();

    /**
     * Completes once the session exists for good, before which its client is not welcomed: at once
     * in memory; in the durable mode once its open is applied, so that a client never holds the id
     * of a session that a new leader never heard of. Fails when the open could not be logged.
     */
    default CompletableFuture<Void> opened() {
      return CompletableFuture.completedFuture(null);
    }
  }

  /** Times the deadlines of parked calls. */
  interface Timers {
    /** Times nothing: a restored state's deadlines wait until its mode arms them. */
    Timers NONE = waiter -> null;

    /** Starts timing {@code waiter}'s deadline; at it, the waiter expires unless gone by then. */
    Future<?> arm(Waiters.Waiter<?> waiter);
  }

  /**
   * The most answers a durable session keeps unacknowledged; past it, its requests are refused
   * until its client acknowledges some.
   */
  static final int MAX_KEPT = 65_536;

  private final long id;
  private volatile Output output;
  private final Timers timers;
  private final WaiterLimits waiters;
  private final boolean admin;
  private final Map<Long, Waiters.Waiter<?>> parked = new ConcurrentHashMap<>();
  private final Map<SharedObject, Waiters.Waiter<?>> latestParkedOn = new ConcurrentHashMap<>();
  private final AtomicInteger parkedCalls = new AtomicInteger();
  private final Map<SharedObject, Boolean> held = new ConcurrentHashMap<>();
  private final Set<SharedObject> owned = ConcurrentHashMap.newKeySet();

  /**
   * In the durable mode, what each answer the client has not acknowledged handed out, by request
   * id, to be put back if the session closes first; null in memory, where the connection puts it
   * back itself when it cannot write the answer. Guards {@link #kept} too.
   */
  private final Map<Long, Handoff> handoffs;

  /**
   * In the durable mode, every answer to a logged request that the client has not acknowledged, by
   * request id in the order sent: sent again when the client comes back after losing its
   * connection, and the answer to the same request sent again; null in memory.
   */
  private final Map<Long, Message> kept;

  /**
   * In the durable mode, the kept answers that may have reached the client: those this server has
   * written to the client's connection, and those it found kept when it began to lead (an earlier
   * leader may have written them). They count as delivered if the session closes before they are
   * acknowledged (see {@link #writtenUnacknowledged}). What this server knows, not state: not in a
   * snapshot.
   */
  private final Set<Long> written;

  private volatile boolean closed;

  /** A session in memory. */
  Session(long id, Output output, Timers timers, WaiterLimits waiters, boolean admin) {
    this(id, output, timers, waiters, admin, false);
  }

  /** A session that, when {@code keepsHandoffs}, keeps what its undelivered answers handed out. */
  Session(
      long id,
      Output output,
      Timers timers,
      WaiterLimits waiters,
      boolean admin,
      boolean keepsHandoffs) {
    this.id = id;
    this.output = output;
    this.timers = timers;
    this.waiters = waiters;
    this.admin = admin;
    this.handoffs = keepsHandoffs ? new LinkedHashMap<>() : null;
    this.kept = keepsHandoffs ? new LinkedHashMap<>() : null;
    this.written = keepsHandoffs ? ConcurrentHashMap.newKeySet() : null;
  }

  long id() {
    return id;
  }

  /** Whether this session may run admin operations. */
  boolean isAdmin() {
    return admin;
  }

  /**
   * A row of the admin's session list: id, client address, admin, connected-at epoch milliseconds,
   * parked calls, the names of the objects it holds something of, and the answers kept until its
   * client acknowledges them.
   */
  ArrayList<Object> describe() {
    ArrayList<Object> names = new ArrayList<>();
    held.keySet().stream().map(SharedObject::name).sorted().forEach(names::add);
    return new ArrayList<>(
        List.of(
            id,
            output.client(),
            admin,
            output.connectedAtMillis(),
            parkedCalls.get(),
            names,
            keptCount()));
  }

  /**
   * Whether the server has not applied this session's close yet and, in memory, its output accepts
   * answers (in the durable mode, what a connection does never changes the state).
   */
  boolean isOpen() {
    return !closed && (kept != null || output.accepting());
  }

  /** Marks this session closed: from now on no object serves it. */
  void close() {
    closed = true;
  }

  /** Sends an answer that carries nothing to put back. */
  void send(Message message) {
    send(message, null);
  }

  /**
   * Sends an answer; if it cannot be delivered, {@code handoff} puts back what it carried. A
   * durable session keeps the answer, and what it handed out, until its client acknowledges it.
   */
  void send(Message message, Handoff handoff) {
    if (kept == null) {
      output.send(message, handoff);
      return;
    }
    long requestId = answerId(message);
    synchronized (handoffs) {
      kept.put(requestId, message);
      if (handoff != null) {
        handoffs.put(requestId, handoff);
      }
    }
    sendKept(output, message);
  }

  private void sendKept(Output to, Message answer) {
    long requestId = answerId(answer);
    to.sendKept(
        answer,
        () -> {
          synchronized (handoffs) {
            if (kept.containsKey(requestId)) {
              written.add(requestId);
            }
          }
        });
  }

  /**
   * This server begins to lead: every answer kept so far may have been written by an earlier leader
   * to a client that read it, so it counts as written.
   */
  void inheritKept() {
    if (kept != null) {
      synchronized (handoffs) {
        written.addAll(kept.keySet());
      }
    }
  }

  /**
   * The kept answers that may have reached the client, in the order sent: logged as delivered
   * before the session's close, so that the close puts back only what surely never reached it (as
   * in memory, where an answer written to the connection is delivered).
   */
  long[] writtenUnacknowledged() {
    if (kept == null) {
      return new long[0];
    }
    synchronized (handoffs) {
      return kept.keySet().stream().filter(written::contains).mapToLong(Long::longValue).toArray();
    }
  }

  /** Sends an answer that is not kept: one to a read the log never saw. */
  void sendUnkept(Message message) {
    output.send(message, null);
  }

  private static long answerId(Message message) {
    if (message instanceof Message.Reply reply) {
      return reply.id();
    }
    if (message instanceof Message.Failure failure) {
      return failure.id();
    }
    throw new IllegalArgumentException("not an answer: " + message);
  }

  /**
   * The client has the answer to {@code requestId}: it is no longer kept, and what it handed out is
   * the client's.
   */
  void acknowledged(long requestId) {
    if (kept != null) {
      synchronized (handoffs) {
        kept.remove(requestId);
        handoffs.remove(requestId);
        written.remove(requestId);
      }
    }
  }

  /** The answer to {@code requestId} cannot be delivered: puts back what it handed out. */
  void undeliverable(long requestId) {
    if (kept == null) {
      return;
    }
    Handoff handoff;
    synchronized (handoffs) {
      kept.remove(requestId);
      handoff = handoffs.remove(requestId);
      written.remove(requestId);
    }
    if (handoff != null) {
      handoff.undo();
    }
  }

  /**
   * Whether request {@code requestId} was applied already, its answer kept or its call parked: a
   * request sent again by a client that lost its connection is not applied twice.
   */
  boolean applied(long requestId) {
    if (parked.containsKey(requestId)) {
      return true;
    }
    if (kept == null) {
      return false;
    }
    synchronized (handoffs) {
      return kept.containsKey(requestId);
    }
  }

  /** Sends again the kept answer to {@code requestId}, if there is one. */
  void sendAgain(long requestId) {
    if (kept == null) {
      return;
    }
    Message answer;
    synchronized (handoffs) {
      answer = kept.get(requestId);
    }
    if (answer != null) {
      sendKept(output, answer);
    }
  }

  /** How many answers this durable session keeps unacknowledged. */
  int keptCount() {
    if (kept == null) {
      return 0;
    }
    synchronized (handoffs) {
      return kept.size();
    }
  }

  /**
   * Sends this session's answers to {@code output} from now on, first every kept answer: its client
   * is back, on a new connection.
   */
  void attach(Output output) {
    this.output = output;
    for (Message answer : kept()) {
      sendKept(output, answer);
    }
  }

  /** The answers this durable session keeps, in the order sent. */
  List<Message> kept() {
    if (kept == null) {
      return List.of();
    }
    synchronized (handoffs) {
      return List.copyOf(kept.values());
    }
  }

  /** Keeps an answer, as {@link #send} does: a snapshot's. */
  void restoreKept(Message answer) {
    synchronized (handoffs) {
      kept.put(answerId(answer), answer);
    }
  }

  /** Puts back, in the order they were handed out, what every unacknowledged answer carried. */
  void takeBackHandoffs() {
    if (handoffs == null) {
      return;
    }
    List<Handoff> handedOut;
    synchronized (handoffs) {
      handedOut = List.copyOf(handoffs.values());
      handoffs.clear();
      kept.clear();
      written.clear();
    }
    handedOut.forEach(Handoff::undo);
  }

  /** Whether this session's client is connected to this server. */
  boolean connectedHere() {
    return output != Output.NOWHERE;
  }

  /** What each answer not yet known delivered handed out, by request id, in the order sent. */
  Map<Long, Handoff> handoffs() {
    if (handoffs == null) {
      return Map.of();
    }
    synchronized (handoffs) {
      return new LinkedHashMap<>(handoffs);
    }
  }

  /**
   * Keeps, as {@link #send} does, what the answer to {@code requestId} handed out: a snapshot's.
   */
  void restoreHandoff(long requestId, Handoff handoff) {
    synchronized (handoffs) {
      handoffs.put(requestId, handoff);
    }
  }

  /** Where this session's answers go. */
  Output output() {
    return output;
  }

  /** Starts timing a parked call's deadline. */
  Future<?> arm(Waiters.Waiter<?> waiter) {
    return timers.arm(waiter);
  }

  /** Records a newly parked call; called under its object's lock. */
  void parked(Waiters.Waiter<?> waiter) {
    parked.put(waiter.call.id(), waiter);
    linkParked(waiter);
  }

  /**
   * Records a call parked again from a snapshot; its request id finds it only when {@code mapped},
   * since of two parked calls under one reused id only the latest is found.
   */
  void restoredParked(Waiters.Waiter<?> waiter, boolean mapped) {
    if (mapped) {
      parked.put(waiter.call.id(), waiter);
    }
    linkParked(waiter);
  }

  private void linkParked(Waiters.Waiter<?> waiter) {
    Waiters.Waiter<?> later = latestParkedOn.put(waiter.object(), waiter);
    waiter.earlierOfSession = later;
    if (later != null) {
      later.laterOfSession = waiter;
    }
    parkedCalls.incrementAndGet();
    waiters.parked();
  }

  /** Records that a call no longer waits; called under its object's lock. */
  void unparked(Waiters.Waiter<?> waiter) {
    // a misbehaving client may reuse the id of a call still parked: only its own entry goes
    parked.remove(waiter.call.id(), waiter);
    Waiters.Waiter<?> earlier = waiter.earlierOfSession;
    Waiters.Waiter<?> later = waiter.laterOfSession;
    if (later == null) {
      if (earlier == null) {
        latestParkedOn.remove(waiter.object());
      } else {
        latestParkedOn.put(waiter.object(), earlier);
      }
    } else {
      later.earlierOfSession = earlier;
    }
    if (earlier != null) {
      earlier.laterOfSession = later;
    }
    waiter.earlierOfSession = null;
    waiter.laterOfSession = null;
    parkedCalls.decrementAndGet();
    waiters.unparked();
  }

  /** Why this session may not park one more call, or null if it may. */
  String parkRefusal() {
    return waiters.refusal(parkedCalls.get());
  }

  /** Whether this session has nothing parked and holds nothing: closing it loses nothing. */
  boolean isQuiet() {
    return parkedCalls.get() == 0 && held.isEmpty();
  }

  /** The object request {@code requestId} waits on, or null. */
  SharedObject parkedOn(long requestId) {
    Waiters.Waiter<?> waiter = parked.get(requestId);
    return waiter == null ? null : waiter.object();
  }

  /**
   * The parked call of request {@code requestId}, or null; under its object's lock, still parked.
   */
  Waiters.Waiter<?> waiter(long requestId) {
    return parked.get(requestId);
  }

  /** The latest of this session's calls parked on {@code object}, or null; under its lock. */
  Waiters.Waiter<?> latestParkedOn(SharedObject object) {
    return latestParkedOn.get(object);
  }

  /** Records that this session holds something of {@code object}, such as a lock. */
  void holds(SharedObject object) {
    held.put(object, Boolean.TRUE);
  }

  /** Records that this session holds nothing of {@code object} any more. */
  void released(SharedObject object) {
    held.remove(object);
  }

  /**
   * Records that this session created {@code object} anonymously: it goes when this session does.
   */
  void owns(SharedObject object) {
    owned.add(object);
  }

  /** The objects this session holds something of, in order of their ids. */
  Collection<SharedObject> held() {
    return byId(held.keySet());
  }

  /** Whether this session keeps what its undelivered answers handed out (the durable mode). */
  boolean keepsHandoffs() {
    return handoffs != null;
  }

  /** The objects this session created anonymously, in order of their ids. */
  Collection<SharedObject> owned() {
    return byId(owned);
  }

  /** Every object this session waits on or holds something of, in order of their ids. */
  Collection<SharedObject> involvedObjects() {
    LinkedHashSet<SharedObject> objects = new LinkedHashSet<>(latestParkedOn.keySet());
    objects.addAll(held.keySet());
    return byId(objects);
  }

  private static List<SharedObject> byId(Collection<SharedObject> objects) {
    List<SharedObject> sorted = new ArrayList<>(objects);
    sorted.sort(Comparator.comparingLong(SharedObject::id));
    return sorted;
  }

  @Override
  public String toString() {
    return "session " + id + " (" + output.client() + ")";
  }
}
