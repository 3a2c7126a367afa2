package io.jmanager.client;

/** Process targets the function-target tests run in child JVMs. */
final class Targets {
  /** How many times each {@link #lockedIncrements} child adds one. */
  static final int INCREMENTS = 20;

  private Targets() {}

  /** Puts the queue's maxsize as this JVM sees it, then {@code 0} to {@code n - 1}. */
  static void produce(SharedQueue<Integer> queue, int n) throws InterruptedException {
    queue.put(queue.maxsize());
    for (int i = 0; i < n; i++) {
      queue.put(i);
    }
  }

  /** Adds one to {@code count} {@link #INCREMENTS} times, reading and writing under the lock. */
  static void lockedIncrements(SharedLock lock, SharedDict<String, Integer> counter) {
    for (int i = 0; i < INCREMENTS; i++) {
      try (SharedLock.Held held = lock.locked()) {
        counter.put("count", counter.get("count") + 1);
      }
    }
  }

  /** Throws, as a failing Python target raises. */
  static void fail(String why) {
    throw new IllegalStateException(why);
  }
}
