package io.jmanager.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** What each client thread of a run does, and the keys and values it uses. */
enum Workload {
  /** A put of a 16-byte value under a 12-character key, then a get of it: two operations. */
  MAP("map put+get"),
  /** An offer of a 16-byte value, then a poll: two operations. */
  QUEUE("queue offer+poll"),
  /** An append of a 16-byte value to a list: one operation. */
  LIST("list append"),
  /** MAP's puts and gets, each thread keeping a window of calls in flight. */
  MAP_ASYNC("map put+get, pipelined");

  /** Distinct keys each thread cycles through, so the map's size is known after a run. */
  static final int KEYS_PER_THREAD = 10_000;

  /** The shared object's name (jmanager), key (Redis) or proxy (Python) of a workload. */
  static final String OBJECT = "bench";

  final String title;

  Workload(String title) {
    this.title = title;
  }

  /** The option value naming this workload, such as {@code map-async}. */
  String option() {
    return name().toLowerCase().replace('_', '-');
  }

  /** The 12-character key thread {@code thread} uses at step {@code step}. */
  static String key(int thread, long step) {
    return String.format("k%03d-%07d", thread, step % KEYS_PER_THREAD);
  }

  /** The 16-byte value stored under {@code key}. */
  static byte[] value(String key) {
    return Arrays.copyOf(("v" + key + "xxx").getBytes(StandardCharsets.US_ASCII), 16);
  }
}
