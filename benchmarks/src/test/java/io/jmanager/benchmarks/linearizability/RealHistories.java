package io.jmanager.benchmarks.linearizability;

import static io.jmanager.benchmarks.linearizability.Operation.returned;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Histories recorded from threads using linearizable JDK objects, known to be linearizable. The
 * threads go in rounds, each doing one operation per round, so an operation overlaps at most those
 * of its own round: a thread preempted mid-operation on a loaded machine cannot stretch one over
 * thousands of others, which made the search, and the test's time, depend on the machine's load.
 */
final class RealHistories {
  private RealHistories() {}

  /** Threads reading, writing, swapping and compare-and-setting one {@link AtomicLong}. */
  static List<Operation<RegisterModel.Input, Object>> register(int threads, int opsEach)
      throws Exception {
    AtomicLong register = new AtomicLong();
    return record(
        threads,
        (client, rounds) -> {
          Random random = new Random(client);
          List<Operation<RegisterModel.Input, Object>> ops = new ArrayList<>();
          long seen = 0;
          for (int i = 1; i <= opsEach; i++) {
            long value = client * 1_000_000L + i;
            RegisterModel.Input input =
                switch (random.nextInt(4)) {
                  case 0 -> RegisterModel.Input.write("x", value);
                  case 1 -> RegisterModel.Input.swap("x", value);
                  case 2 -> RegisterModel.Input.cas("x", seen, value);
                  default -> RegisterModel.Input.read("x");
                };
            nextRound(rounds);
            long call = System.nanoTime();
            Object output =
                switch (input.kind()) {
                  case WRITE -> {
                    register.set(value);
                    yield null;
                  }
                  case SWAP -> register.getAndSet(value);
                  case CAS -> register.compareAndSet(seen, value);
                  case READ -> register.get();
                };
            ops.add(returned(client, input, output, call, System.nanoTime()));
            if (output instanceof Long read) {
              seen = read;
            }
          }
          return ops;
        });
  }

  /** Threads offering unique items to, and polling, one {@link ConcurrentLinkedQueue}. */
  static List<Operation<QueueModel.Input, Object>> queue(int threads, int opsEach)
      throws Exception {
    ConcurrentLinkedQueue<Long> queue = new ConcurrentLinkedQueue<>();
    return record(
        threads,
        (client, rounds) -> {
          Random random = new Random(client);
          List<Operation<QueueModel.Input, Object>> ops = new ArrayList<>();
          for (int i = 1; i <= opsEach; i++) {
            long item = client * 1_000_000L + i;
            // Polls outnumber offers, so the queue stays short and the search small.
            boolean offer = random.nextInt(20) < 9;
            QueueModel.Input input =
                offer ? QueueModel.Input.offer("q", item) : QueueModel.Input.poll("q");
            nextRound(rounds);
            long call = System.nanoTime();
            Object output = offer ? queue.offer(item) : queue.poll();
            ops.add(returned(client, input, output, call, System.nanoTime()));
          }
          return ops;
        });
  }

  /** The index of the first read at or after {@code from}. */
  static int firstRead(List<Operation<RegisterModel.Input, Object>> history, int from) {
    for (int i = from; i < history.size(); i++) {
      if (history.get(i).input().kind() == RegisterModel.Kind.READ) {
        return i;
      }
    }
    throw new IllegalStateException("no read after " + from);
  }

  /** The first poll that took an item. */
  static Operation<QueueModel.Input, Object> firstPollOfAnItem(
      List<Operation<QueueModel.Input, Object>> history) {
    return history.stream()
        .filter(op -> op.input().kind() == QueueModel.Kind.POLL && op.output() != null)
        .findFirst()
        .orElseThrow();
  }

  /** One client's run, numbered from 1, one operation per round of {@code rounds}. */
  private interface Client<T> {
    List<T> run(int client, CyclicBarrier rounds);
  }

  /** Waits until every thread has finished its operation of the round before. */
  private static void nextRound(CyclicBarrier rounds) {
    try {
      rounds.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> List<T> record(int threads, Client<T> client) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier rounds = new CyclicBarrier(threads);
    try {
      List<Future<List<T>>> runs = new ArrayList<>();
      for (int c = 1; c <= threads; c++) {
        int id = c;
        runs.add(pool.submit(() -> client.run(id, rounds)));
      }
      List<T> history = new ArrayList<>();
      for (Future<List<T>> run : runs) {
        history.addAll(run.get(1, TimeUnit.MINUTES));
      }
      Collections.shuffle(history, new Random(42));
      return history;
    } finally {
      pool.shutdownNow();
    }
  }
}
