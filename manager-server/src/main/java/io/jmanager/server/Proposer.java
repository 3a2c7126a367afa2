package io.jmanager.server;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ProtocolKryo;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Gathers the inputs of the server's state from every event loop into log entries: the first input
 * goes out at once, and those that arrive while entries are being written wait and go out together
 * in the next, so a busy server pays one consensus round and one disk sync for many calls. At most
 * {@link #MAX_IN_FLIGHT} entries are written at a time. Each entry is stamped with this server's
 * clock, never earlier than the one before. Thread-safe.
 *
 * <p>Entries are numbered from 1 in the order they are written; each method that adds an input
 * returns the number of the entry it goes into, and {@link #applied} says whether that entry is
 * applied (or could not be written) by now.
 */
final class Proposer {
  /** Entries written at once: enough to keep the log's writer busy while the next one fills. */
  static final int MAX_IN_FLIGHT = 2;

  private final Function<byte[], CompletableFuture<?>> log;
  private final Consumer<Throwable> failed;
  private final Clock clock;
  private final Kryo kryo = ProtocolKryo.create();
  private final Output output = Frames.newOutput();
  private final Batch pending = new Batch();
  private final TreeSet<Long> doneOutOfOrder = new TreeSet<>();

  /** What waits for an entry (a session's open) to be applied, by entry number. */
  private final TreeMap<Long, CompletableFuture<Void>> awaited = new TreeMap<>();

  private int inFlight;
  private long lastTime;
  private long taken;
  private volatile long doneThrough;

  /**
   * Writes entries with {@code log}, which completes once an entry is committed and applied; {@code
   * failed} hears of an entry that could not be written (its inputs are lost: the server can no
   * longer answer the clients that sent them).
   */
  Proposer(Function<byte[], CompletableFuture<?>> log, Consumer<Throwable> failed, Clock clock) {
    this.log = log;
    this.failed = failed;
    this.clock = clock;
  }

  /**
   * Logs a session's open; {@code applied} completes once its entry is applied, or exceptionally if
   * the entry could not be written.
   */
  synchronized long open(long session, boolean admin, CompletableFuture<Void> applied) {
    pending.open(session, admin);
    // registered before the entry goes out: a write that completes at once is handled within
    // proposeLocked, and an open registered after it would wait for the next entry
    awaited.put(taken + 1, applied);
    return proposeLocked();
  }

  /** Logs a request, as the bytes of its frame's body. */
  synchronized long request(long session, Message.Request request) {
    int length = Frames.frame(kryo, output, request);
    pending.request(session, output.getBuffer(), Integer.BYTES, length - Integer.BYTES);
    Frames.trim(output);
    return proposeLocked();
  }

  /** Logs a session's input about one of its requests. */
  synchronized long about(Batch.Kind kind, long session, long requestId) {
    pending.about(kind, session, requestId);
    return proposeLocked();
  }

  /** Logs that a session's client has the answers to requests {@code ids}. */
  synchronized long acknowledged(long session, long[] ids) {
    for (long requestId : ids) {
      pending.about(Batch.Kind.DELIVERED, session, requestId);
    }
    return proposeLocked();
  }

  synchronized long limits(ManagerState.Limits limits) {
    pending.limits(limits);
    return proposeLocked();
  }

  synchronized long close(long session) {
    pending.add(Batch.Kind.CLOSE, session);
    return proposeLocked();
  }

  /** Whether entry {@code number} and every one before it are applied or failed. */
  boolean applied(long number) {
    return doneThrough >= number;
  }

  /**
   * Writes the pending entry unless enough are in flight; returns the number it has or will get.
   */
  private long proposeLocked() {
    if (inFlight >= MAX_IN_FLIGHT || pending.isEmpty()) {
      return taken + 1;
    }
    inFlight++;
    lastTime = Math.max(lastTime + 1, epochNanos());
    long number = ++taken;
    byte[] entry = pending.take(lastTime);
    log.apply(entry).whenComplete((applied, failure) -> written(number, failure));
    return number;
  }

  private synchronized void written(long number, Throwable failure) {
    inFlight--;
    doneOutOfOrder.add(number);
    long through = doneThrough;
    while (doneOutOfOrder.remove(through + 1)) {
      through++;
    }
    doneThrough = through;
    if (failure != null) {
      CompletableFuture<Void> waiting = awaited.remove(number);
      if (waiting != null) {
        waiting.completeExceptionally(failure);
      }
      failed.accept(failure);
    }
    Map<Long, CompletableFuture<Void>> applied = awaited.headMap(through, true);
    applied.values().forEach(waiting -> waiting.complete(null));
    applied.clear();
    proposeLocked();
  }

  private long epochNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
