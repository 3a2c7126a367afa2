package io.jmanager.benchmarks;

import io.jmanager.client.Manager;
import io.jmanager.client.SharedDict;
import io.jmanager.client.SharedList;
import io.jmanager.client.SharedLock;
import io.jmanager.client.SharedQueue;
import io.jmanager.client.SharedValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One client JVM of the {@link Soak}: a single thread doing a random mix of operations on the
 * soak's shared objects, writing each to its {@link Journal} before the call and after the answer,
 * until the event {@value #STOP} is set. Every value it writes is unique (its client id and the
 * operation's number), so the checks can tell whose write a read saw. Usage: {@code SoakClient
 * journal clientId originNanos epochNanos}; the linearizability objects are named after the epoch
 * ({@code (nanoTime - origin) / epochNanos}), which bounds each checked history.
 */
final class SoakClient {
  static final String STOP = "soak-stop";
  static final String COUNTER = "soak-counter";
  static final String COUNTERS = "soak-counters";
  static final String JOBS = "soak-jobs";
  static final String LOCK = "soak-lock";
  static final String GUARDED = "soak-guarded";
  static final String LIST = "soak-list";
  static final String DICT = "soak-dict";
  static final String REGISTERS = "lin-registers";
  static final String VALUES = "lin-value-";
  static final String QUEUES = "lin-queue-";
  private static final int KEYS = 4;
  private static final int PER_EPOCH = 2;

  private final Manager manager;
  private final Journal journal;
  private final int id;
  private final long origin;
  private final long epochNanos;
  private final Random random = new Random();
  private final SharedValue<Long> counter;
  private final SharedDict<String, Long> counters;
  private final SharedQueue<String> jobs;
  private final SharedLock lock;
  private final SharedDict<String, Long> guarded;
  private final SharedList<String> list;
  private final SharedDict<String, Long> dict;
  private final SharedDict<String, Long> registers;
  private final Map<String, SharedValue<Long>> values = new HashMap<>();
  private final Map<String, SharedQueue<Long>> queues = new HashMap<>();
  private final Map<String, Long> lastSeen = new HashMap<>();
  private long serial;
  private volatile boolean stopping;

  private SoakClient(Manager manager, Journal journal, int id, long origin, long epochNanos) {
    this.manager = manager;
    this.journal = journal;
    this.id = id;
    this.origin = origin;
    this.epochNanos = epochNanos;
    counter = manager.value(COUNTER, 0L);
    counters = manager.dict(COUNTERS);
    jobs = manager.queue(JOBS);
    lock = manager.lock(LOCK);
    guarded = manager.dict(GUARDED);
    list = manager.list(LIST);
    dict = manager.dict(DICT);
    registers = manager.dict(REGISTERS);
  }

  /** Runs until the stop event is set, then exits with status 0; any failure exits non-zero. */
  public static void main(String[] args) throws Exception {
    try (Manager manager = Manager.fromEnvironment();
        Journal journal = Journal.create(Path.of(args[0]))) {
      SoakClient client =
          new SoakClient(
              manager,
              journal,
              Integer.parseInt(args[1]),
              Long.parseLong(args[2]),
              Long.parseLong(args[3]));
      client.watchForStop();
      journal.started();
      while (!client.stopping) {
        client.step();
      }
      journal.stopped();
    }
  }

  private void watchForStop() {
    Thread watcher =
        new Thread(
            () -> {
              try {
                manager.event(STOP).await();
                stopping = true;
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "stop-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }

  private void step() throws IOException, InterruptedException {
    int pick = random.nextInt(100);
    if (pick < 8) {
      increment();
    } else if (pick < 16) {
      mergeOwnCounter();
    } else if (pick < 27) {
      putJob();
    } else if (pick < 36) {
      pollJob();
    } else if (pick < 44) {
      lockedIncrement();
    } else if (pick < 50) {
      append();
    } else if (pick < 60) {
      ownKey();
    } else if (pick < 75) {
      register();
    } else if (pick < 85) {
      value();
    } else {
      linQueue();
    }
  }

  private void increment() throws IOException {
    long op = journal.begin("incr");
    journal.end(op, counter.addAndGet(1));
  }

  private void mergeOwnCounter() throws IOException {
    long op = journal.begin("merge");
    journal.end(op, counters.merge("c" + id, 1L, Long::sum));
  }

  private void putJob() throws IOException, InterruptedException {
    String item = unique();
    long op = journal.begin("put", item);
    jobs.put(item);
    journal.end(op, null);
  }

  private void pollJob() throws IOException, InterruptedException {
    long op = journal.begin("poll");
    journal.end(op, jobs.poll(10, TimeUnit.MILLISECONDS));
  }

  /** A read then a write of one count, made safe only by the lock. */
  private void lockedIncrement() throws IOException {
    long op = journal.begin("lock");
    long next;
    try (SharedLock.Held held = lock.locked()) {
      journal.acquired(op);
      Long count = guarded.get("count");
      next = (count == null ? 0 : count) + 1;
      guarded.put("count", next);
      journal.wrote(op);
    }
    journal.end(op, next);
  }

  private void append() throws IOException {
    String item = unique();
    long op = journal.begin("add", item);
    journal.end(op, list.add(item));
  }

  /** A put, remove or get on one of this client's own keys, which nobody else touches. */
  private void ownKey() throws IOException {
    String key = "c" + id + "-k" + random.nextInt(KEYS);
    int kind = random.nextInt(3);
    if (kind == 0) {
      long value = number();
      long op = journal.begin("dput", key, value);
      journal.end(op, dict.put(key, value));
    } else if (kind == 1) {
      long op = journal.begin("dremove", key);
      journal.end(op, dict.remove(key));
    } else {
      long op = journal.begin("dget", key);
      journal.end(op, dict.get(key));
    }
  }

  /** A read, swap (put) or compare-and-set on a key of the registers dict. */
  private void register() throws IOException {
    String key = "e" + epoch() + "-r" + random.nextInt(PER_EPOCH);
    Long seen = lastSeen.get(key);
    int kind = random.nextInt(3);
    if (kind == 0) {
      long op = journal.begin("rget", key);
      Long read = registers.get(key);
      journal.end(op, read);
      remember(key, read);
    } else if (kind == 1 || seen == null) {
      long value = number();
      long op = journal.begin("rput", key, value);
      journal.end(op, registers.put(key, value));
      remember(key, value);
    } else {
      long value = number();
      long op = journal.begin("rcas", key, seen, value);
      journal.end(op, registers.replace(key, seen, value));
    }
  }

  /** A get, set, getAndSet or compareAndSet on a shared value. */
  private void value() throws IOException {
    String name = VALUES + "e" + epoch() + "-v" + random.nextInt(PER_EPOCH);
    SharedValue<Long> value = values.computeIfAbsent(name, n -> manager.value(n, 0L));
    long next = number();
    switch (random.nextInt(4)) {
      case 0 -> {
        long op = journal.begin("vget", name);
        Long read = value.get();
        journal.end(op, read);
        remember(name, read);
      }
      case 1 -> {
        long op = journal.begin("vset", name, next);
        value.set(next);
        journal.end(op, null);
        remember(name, next);
      }
      case 2 -> {
        long op = journal.begin("vswap", name, next);
        journal.end(op, value.getAndSet(next));
        remember(name, next);
      }
      default -> {
        long expected = lastSeen.getOrDefault(name, 0L);
        long op = journal.begin("vcas", name, expected, next);
        journal.end(op, value.compareAndSet(expected, next));
      }
    }
  }

  /** An offer or a poll on a queue of the epoch; polls outnumber offers to keep it short. */
  private void linQueue() throws IOException {
    String name = QUEUES + "e" + epoch() + "-q" + random.nextInt(PER_EPOCH);
    SharedQueue<Long> queue = queues.computeIfAbsent(name, manager::queue);
    if (random.nextInt(20) < 9) {
      long item = number();
      long op = journal.begin("qoffer", name, item);
      journal.end(op, queue.offer(item));
    } else {
      long op = journal.begin("qpoll", name);
      journal.end(op, queue.poll());
    }
  }

  private void remember(String key, Long value) {
    if (value != null) {
      lastSeen.put(key, value);
    }
  }

  private long epoch() {
    return (System.nanoTime() - origin) / epochNanos;
  }

  /** A number no other operation of any client uses. */
  private long number() {
    return id * 1_000_000_000L + ++serial;
  }

  private String unique() {
    return "c" + id + "-" + ++serial;
  }
}
