package io.jmanager.examples.compose;

import io.jmanager.client.Manager;
import io.jmanager.client.SharedDict;
import io.jmanager.client.SharedEvent;
import io.jmanager.client.SharedJoinableQueue;

/** The shared objects the compose demo's containers use, by name. */
final class Demo {
  /** What the producer sends after its orders, once per consumer. */
  static final String STOP = "STOP";

  private Demo() {}

  /** Orders from the producer to the consumers; at most 10 wait, so the producer is held back. */
  static SharedJoinableQueue<String> orders(Manager manager) {
    return manager.joinableQueue("demo-orders", 10);
  }

  /** Counts: {@code consumed}, {@code consumed-by-NAME}, {@code counter}, {@code finished}. */
  static SharedDict<String, Integer> stats(Manager manager) {
    return manager.dict("demo-stats");
  }

  /** Set by the last part of the demo to finish. */
  static SharedEvent done(Manager manager) {
    return manager.event("demo-done");
  }

  /** Records that one part finished; the last of {@code parts} sets {@link #done}. */
  static void finished(Manager manager, int parts) {
    if (stats(manager).merge("finished", 1, Integer::sum) == parts) {
      done(manager).set();
    }
  }

  /** Parses a positive count; throws {@link IllegalArgumentException} naming the usage. */
  static int count(String[] args, int index, String usage) {
    if (index < args.length && args[index].matches("[1-9][0-9]{0,8}")) {
      return Integer.parseInt(args[index]);
    }
    throw new IllegalArgumentException("usage: " + usage);
  }
}
