package io.jmanager.benchmarks;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/** A system under test: jmanager, Redis, or Python's Manager. */
interface Peer extends AutoCloseable {
  /** The name in the report. */
  String name();

  /** Whether this peer runs the workload in the harness's threads (Python's runs its own). */
  default boolean drivenHere() {
    return true;
  }

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
