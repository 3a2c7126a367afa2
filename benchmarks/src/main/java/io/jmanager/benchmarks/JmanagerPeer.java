package io.jmanager.benchmarks;

import io.jmanager.client.Manager;
import io.jmanager.client.SharedDict;
import io.jmanager.client.SharedList;
import io.jmanager.client.SharedQueue;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Recorder;

/**
 * jmanager: daemons of some {@link Deployment}, and one {@link Manager} (one connection) shared by
 * every thread, as an application would share it.
 */
final class JmanagerPeer implements Peer {
  private final String name;
  private final Deployment deployment;
  private final Manager manager;

  /** Drives {@code deployment}, which it closes, under {@code name} in the report. */
  JmanagerPeer(String name, Deployment deployment) throws Exception {
    this.name = name;
    this.deployment = deployment;
    try {
      this.manager = deployment.connect();
    } catch (RuntimeException e) {
      deployment.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return deployment.description() + "; one connection shared by all threads";
  }

  @Override
  public void reset(Workload workload) {
    manager.delete(Workload.OBJECT);
  }

  @Override
  public Driver driver(Workload workload, int thread, int inFlight) {
    switch (workload) {
      case MAP:
        SharedDict<String, byte[]> dict = manager.dict(Workload.OBJECT);
        return (step, latencies, counts) -> {
          String key = Workload.key(thread, step);
          byte[] value = Workload.value(key);
          byte[] read = Peer.timedPair(latencies, () -> dict.put(key, value), () -> dict.get(key));
          requireEqual(value, read, key);
          counts.pair(thread);
        };
      case QUEUE:
        SharedQueue<byte[]> queue = manager.queue(Workload.OBJECT);
        return (step, latencies, counts) -> {
          byte[] value = Workload.value(Workload.key(thread, step));
          byte[] polled = Peer.timedPair(latencies, () -> queue.offer(value), queue::poll);
          if (polled == null) {
            throw new IllegalStateException("a poll right after an offer found the queue empty");
          }
          counts.pair(thread);
        };
      case LIST:
        SharedList<byte[]> list = manager.list(Workload.OBJECT);
        return (step, latencies, counts) -> {
          byte[] value = Workload.value(Workload.key(thread, step));
          Peer.timed(latencies, () -> list.add(value));
          counts.write(thread);
        };
      case MAP_ASYNC:
        return new AsyncMapDriver(manager.dict(Workload.OBJECT), thread, inFlight);
      default:
        throw new UnsupportedOperationException(workload.title);
    }
  }

  @Override
  public String check(Workload workload, Counts counts) {
    switch (workload) {
      case MAP:
      case MAP_ASYNC:
        SharedDict<String, byte[]> dict = manager.dict(Workload.OBJECT);
        expect("map size", dict.size(), counts.distinctKeys());
        String key = Workload.key(0, 0);
        requireEqual(Workload.value(key), dict.get(key), key);
        return dict.size() + " keys, values match";
      case QUEUE:
        SharedQueue<byte[]> queue = manager.queue(Workload.OBJECT);
        expect("queue size", queue.size(), 0);
        expect("polls", counts.reads.sum(), counts.writes.sum());
        return counts.writes.sum() + " offered and polled, queue empty";
      case LIST:
        SharedList<byte[]> list = manager.list(Workload.OBJECT);
        expect("list size", list.size(), counts.writes.sum());
        return list.size() + " elements";
      default:
        throw new UnsupportedOperationException(workload.title);
    }
  }

  /**
   * Keeps {@code inFlight} calls unanswered: each step sends a put and a get and, once the window
   * is full, waits for the oldest pair; latencies are measured from send to completion.
   */
  private static final class AsyncMapDriver implements Driver {
    private final SharedDict.Async<String, byte[]> dict;
    private final int thread;
    private final int window;
    private final ArrayDeque<CompletableFuture<?>> unanswered = new ArrayDeque<>();

    AsyncMapDriver(SharedDict<String, byte[]> dict, int thread, int inFlight) {
      this.dict = dict.async();
      this.thread = thread;
      this.window = Math.max(2, inFlight);
    }

    @Override
    public void step(long step, Recorder latencies, Counts counts) {
      String key = Workload.key(thread, step);
      byte[] value = Workload.value(key);
      long start = System.nanoTime();
      unanswered.add(
          dict.put(key, value)
              .whenComplete((previous, e) -> latencies.recordValue(System.nanoTime() - start)));
      unanswered.add(
          dict.get(key)
              .whenComplete(
                  (read, e) -> {
                    latencies.recordValue(System.nanoTime() - start);
                    if (e == null) {
                      requireEqual(value, read, key);
                    }
                  }));
      counts.pair(thread);
      while (unanswered.size() >= window) {
        unanswered.poll().join();
      }
    }

    @Override
    public void finish(Recorder latencies, Counts counts) {
      while (!unanswered.isEmpty()) {
        unanswered.poll().join();
      }
    }
  }

  static void requireEqual(byte[] expected, byte[] actual, String key) {
    if (!Arrays.equals(expected, actual)) {
      throw new IllegalStateException("wrong value under " + key);
    }
  }

  static void expect(String what, long actual, long expected) {
    if (actual != expected) {
      throw new IllegalStateException(what + " is " + actual + ", expected " + expected);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      manager.close();
    } finally {
      deployment.close();
    }
  }
}
