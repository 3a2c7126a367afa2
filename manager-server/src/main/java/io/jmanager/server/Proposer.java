package io.jmanager.server;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ProtocolKryo;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Gathers the inputs of the server's state from every event loop into log entries: the first input
 * goes out at once, and those that arrive while entries are being written wait and go out together
 * in the next, so a busy server pays one consensus round and one disk sync for many calls. At most
 * {@link #MAX_IN_FLIGHT} entries are written at a time. Each entry is stamped with this server's
 * clock, never earlier than the one before. Thread-safe.
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
  private int inFlight;
  private long lastTime;

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

  synchronized void open(long session, boolean admin) {
    pending.open(session, admin);
    proposeLocked();
  }

  /** Logs a request, as the bytes of its frame's body. */
  synchronized void request(long session, Message.Request request) {
    int length = Frames.frame(kryo, output, request);
    pending.request(session, output.getBuffer(), Integer.BYTES, length - Integer.BYTES);
    Frames.trim(output);
    proposeLocked();
  }

  /** Logs a session's input about one of its requests. */
  synchronized void about(Batch.Kind kind, long session, long requestId) {
    pending.about(kind, session, requestId);
    proposeLocked();
  }

  synchronized void limits(ManagerState.Limits limits) {
    pending.limits(limits);
    proposeLocked();
  }

  synchronized void close(long session) {
    pending.add(Batch.Kind.CLOSE, session);
    proposeLocked();
  }

  private void proposeLocked() {
    if (inFlight >= MAX_IN_FLIGHT || pending.isEmpty()) {
      return;
    }
    inFlight++;
    lastTime = Math.max(lastTime + 1, epochNanos());
    byte[] entry = pending.take(lastTime);
    log.apply(entry).whenComplete((applied, failure) -> written(failure));
  }

  private synchronized void written(Throwable failure) {
    inFlight--;
    if (failure != null) {
      failed.accept(failure);
    }
    proposeLocked();
  }

  private long epochNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
