package io.jmanager.benchmarks;

import io.jmanager.benchmarks.linearizability.Operation;
import io.jmanager.benchmarks.linearizability.QueueModel;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedLock;
import io.jmanager.client.SharedQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * What the server holds at the end of a soak, read once every client is gone. Reading empties the
 * queues: the jobs queue is drained, and each linearizability queue polled until empty with every
 * poll recorded for its history. {@code lockProblem} is null when the lock is free and a new client
 * takes it at once.
 */
record EndState(
    long counter,
    Map<String, Long> counters,
    long guarded,
    List<String> list,
    Map<String, Long> dict,
    List<String> drainedJobs,
    String lockProblem,
    List<Operation<QueueModel.Input, Object>> finalPolls) {

  /** Reads the soak's objects through {@code manager}. */
  static EndState read(Manager manager) throws InterruptedException, ExecutionException {
    List<String> drained = new ArrayList<>();
    manager.<String>queue(SoakClient.JOBS).drainTo(drained);
    Long guarded = manager.<String, Long>dict(SoakClient.GUARDED).get("count");
    return new EndState(
        manager.value(SoakClient.COUNTER, 0L).get(),
        manager.<String, Long>dict(SoakClient.COUNTERS).async().snapshot().get(),
        guarded == null ? 0 : guarded,
        manager.<String>list(SoakClient.LIST).async().snapshot().get(),
        manager.<String, Long>dict(SoakClient.DICT).async().snapshot().get(),
        drained,
        lockProblem(manager.lock(SoakClient.LOCK)),
        pollQueuesEmpty(manager));
  }

  private static String lockProblem(SharedLock lock) {
    if (lock.isLocked() || lock.queueLength() > 0) {
      return "the lock is still held, with " + lock.queueLength() + " waiting";
    }
    if (!lock.tryLock()) {
      return "a new client could not take the lock at once";
    }
    lock.unlock();
    return null;
  }

  private static List<Operation<QueueModel.Input, Object>> pollQueuesEmpty(Manager manager) {
    List<Operation<QueueModel.Input, Object>> polls = new ArrayList<>();
    for (String name : manager.names().keySet()) {
      if (name.startsWith(SoakClient.QUEUES)) {
        SharedQueue<Long> queue = manager.queue(name);
        Long item;
        do {
          long call = System.nanoTime();
          item = queue.poll();
          polls.add(
              Operation.returned(0, QueueModel.Input.poll(name), item, call, System.nanoTime()));
        } while (item != null);
      }
    }
    return polls;
  }
}
