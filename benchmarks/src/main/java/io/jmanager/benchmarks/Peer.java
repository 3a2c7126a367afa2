package io.jmanager.benchmarks;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.HdrHistogram.Recorder;

/** A system under test that the harness drives: jmanager or Redis, in one of their modes. */
interface Peer extends AutoCloseable {
  /** The name in the report, as the {@code --peers} option spells it. */
  String name();

  /** What runs and how it is driven, for the report's list of peers. */
  String description();

  /** Empties what the workload uses on the server. */
  void reset(Workload workload) throws Exception;

  /** A driver for one client thread; each call of {@link Driver#step} does some operations. */
  Driver driver(Workload workload, int thread, int inFlight) throws Exception;

  /**
   * Checks the server's state against what the drivers did; returns a one-line summary, or throws
   * {@link IllegalStateException} describing the difference.
   */
  String check(Workload workload, Counts counts) throws Exception;

  @Override
  void close() throws Exception;

  /** Runs a write then a read, records each one's latency, and returns what the read returned. */
  static <T> T timedPair(Recorder latencies, Runnable write, Supplier<T> read) {
    long start = System.nanoTime();
    write.run();
    long written = System.nanoTime();
    T value = read.get();
    long done = System.nanoTime();
    latencies.recordValue(written - start);
    latencies.recordValue(done - written);
    return value;
  }

  /** Runs a write and records its latency. */
  static void timed(Recorder latencies, Runnable write) {
    long start = System.nanoTime();
    write.run();
    latencies.recordValue(System.nanoTime() - start);
  }

  /** One client thread's work. */
  interface Driver extends AutoCloseable {
    /** Does the next operations, recording each one's latency in nanoseconds. */
    void step(long step, Recorder latencies, Counts counts) throws Exception;

    /** Waits for calls still in flight. */
    default void finish(Recorder latencies, Counts counts) throws Exception {}

    @Override
    default void close() throws Exception {}
  }

  /** What every driver of a run did, for the correctness check. */
  final class Counts {
    final LongAdder writes = new LongAdder();
    final LongAdder reads = new LongAdder();
    final long[] stepsPerThread;

    Counts(int threads) {
      stepsPerThread = new long[threads];
    }

    /** Counts one step of {@code thread} that wrote once and read once. */
    void pair(int thread) {
      writes.increment();
      reads.increment();
      stepsPerThread[thread]++;
    }

    /** Counts one step of {@code thread} that wrote once. */
    void write(int thread) {
      writes.increment();
      stepsPerThread[thread]++;
    }

    /** Distinct keys the threads wrote, for a map workload. */
    long distinctKeys() {
      long keys = 0;
      for (long steps : stepsPerThread) {
        keys += Math.min(steps, Workload.KEYS_PER_THREAD);
      }
      return keys;
    }
  }
}
