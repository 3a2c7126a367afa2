package io.jmanager.client;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The answers a connection has received and not yet acknowledged, for a server that keeps every
 * answer until then (a durable server, whose sessions outlive their connections): one {@code Ack}
 * goes out per {@link #BATCH} answers, and at most {@link #DELAY_MILLIS} after the first answer not
 * yet acknowledged. Thread-safe.
 */
final class Acks {
  /** Answers acknowledged by one message at most. */
  static final int BATCH = 128;

  /** How long an answer waits at most for its acknowledgement to go out. */
  static final long DELAY_MILLIS = 50;

  /** The one thread that sends the acknowledgements of quiet connections. */
  private static final class Timer {
    static final ScheduledExecutorService THREAD =
        Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("jmanager-acks", true));
  }

  private final Consumer<long[]> send;
  private long[] ids = new long[BATCH];
  private int count;
  private boolean scheduled;

  /** Acknowledgements that go out through {@code send}. */
  Acks(Consumer<long[]> send) {
    this.send = send;
  }

  /** Records that the answer to request {@code id} was received. */
  void received(long id) {
    long[] full = null;
    synchronized (this) {
      ids[count++] = id;
      if (count == BATCH) {
        full = takeLocked();
      } else if (!scheduled) {
        scheduled = true;
        Timer.THREAD.schedule(this::flush, DELAY_MILLIS, TimeUnit.MILLISECONDS);
      }
    }
    if (full != null) {
      send.accept(full);
    }
  }

  /** Sends what was received and not acknowledged yet, if anything. */
  void flush() {
    long[] taken;
    synchronized (this) {
      scheduled = false;
      if (count == 0) {
        return;
      }
      taken = takeLocked();
    }
    send.accept(taken);
  }

  private long[] takeLocked() {
    long[] taken = Arrays.copyOf(ids, count);
    count = 0;
    return taken;
  }
}
