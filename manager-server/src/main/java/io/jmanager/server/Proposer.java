package io.jmanager.server;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ProtocolKryo;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Gathers the inputs of the server's state from every event loop into log entries: the first input
 * goes out at once, and those that arrive while entries are being written wait and go out together
 * in the next, so a busy server pays one consensus round and one disk sync for many calls. At most
 * {@link #MAX_IN_FLIGHT} entries are written at a time. Each entry is stamped with this server's
 * clock, never earlier than the one before. Thread-safe.
 *
 * <p>Entries are numbered from 1 in the order they are written; each method that adds an input
 * returns the number of the entry it goes into, and {@link #applied} says whether that entry is
 * applied (or could not be written) by now. A read that must follow an entry already written waits
 * for it in {@link #afterApplied} and runs as soon as it is applied, before the entry after it.
 * (One that must follow inputs still gathering goes into the log with them, in order.)
 */
final class Proposer {
  /** Entries written at once: enough to keep the log's writer busy while the next one fills. */
  static final int MAX_IN_FLIGHT = 2;

  /** Writes entry {@code bytes} as entry {@code number}. */
  interface Log {
    /** Completes once the entry is committed and applied; fails if it cannot be written. */
    CompletableFuture<?> write(long number, byte[] bytes);
  }

  private final Log log;
  private final Consumer<Throwable> failed;
  private final Clock clock;
  private final Kryo kryo = ProtocolKryo.create();
  private final Output output = Frames.newOutput();
  private final Batch pending = new Batch();
  private final TreeSet<Long> doneOutOfOrder = new TreeSet<>();

  /** What waits for an entry (a session's open) to be applied, by entry number. */
  private final TreeMap<Long, CompletableFuture<Void>> awaited = new TreeMap<>();

  /** The reads that wait for an entry to be applied, by its number; guarded by itself. */
  private final TreeMap<Long, List<Runnable>> reads = new TreeMap<>();

  /** Every entry up to this one is applied or could not be written; changed only under reads. */
  private volatile long readableThrough;

  private int inFlight;
  private long lastTime;
  private volatile long taken;
  private volatile long doneThrough;

  /**
   * Writes entries with {@code log}, which completes once an entry is committed and applied; {@code
   * failed} hears of an entry that could not be written (its inputs are lost: the server can no
   * longer answer the clients that sent them).
   */
  Proposer(Log log, Consumer<Throwable> failed, Clock clock) {
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

  /** Whether entry {@code number} is written (or being written): no more inputs go into it. */
  boolean written(long number) {
    return taken >= number;
  }

  /** Whether entry {@code number} and every one before it are applied or failed. */
  boolean applied(long number) {
    return readableThrough >= number;
  }

  /**
   * Runs {@code read} once written entry {@code number} and every one before it are applied: at
   * once on this thread if they are, otherwise on the thread that applies that entry, right after
   * it and before the next, so that the read sees the entry and nothing written after it. When the
   * entry cannot be written, the read runs on the thread that hears of it.
   */
  void afterApplied(long number, Runnable read) {
    synchronized (reads) {
      if (readableThrough < number) {
        reads.computeIfAbsent(number, n -> new ArrayList<>(4)).add(read);
        return;
      }
    }
    read.run();
  }

  /**
   * Entry {@code number} is applied. Called on the log's applying thread, once the entry is and
   * before the next one is: entries are applied in the order they are numbered.
   */
  void entryApplied(long number) {
    readableThrough(number);
  }

  /** Every entry up to {@code number} is applied or failed: runs the reads that waited for them. */
  private void readableThrough(long number) {
    List<Runnable> due = new ArrayList<>();
    synchronized (reads) {
      if (number <= readableThrough) {
        return;
      }
      readableThrough = number;
      Map<Long, List<Runnable>> waited = reads.headMap(number, true);
      waited.values().forEach(due::addAll);
      waited.clear();
    }
    due.forEach(Runnable::run);
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
    log.write(number, entry).whenComplete((applied, failure) -> written(number, failure));
    return number;
  }

  private void written(long number, Throwable failure) {
    readableThrough(writtenLocked(number, failure));
  }

  /** Accounts for a written entry, proposes the next; returns how far entries are done. */
  private synchronized long writtenLocked(long number, Throwable failure) {
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
    return through;
  }

  private long epochNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
