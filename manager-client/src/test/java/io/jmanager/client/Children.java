package io.jmanager.client;

import java.util.Map;

/** Main classes run in child JVMs by the cross-process tests. */
final class Children {
  /** JVM options that make the many short-lived children start faster. */
  static final String[] FAST_START = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m"};

  private Children() {}

  /** Prints its argument to standard output and to standard error. */
  static final class Echo {
    public static void main(String[] args) {
      System.out.println("out: " + args[0]);
      System.err.println("err: " + args[0]);
    }
  }

  /** Puts {@code args[1]} on the queue {@code args[0]}. */
  static final class Put {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        manager.<String>queue(args[0]).put(args[1]);
      }
    }
  }

  /**
   * Starts a {@link Put} child of {@code args[0]} and {@code args[1]}, waits for it, and exits with
   * its exit code.
   */
  static final class SpawnPut {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        JvmProcess child =
            JvmProcess.builder(Put.class)
                .manager(manager)
                .jvmOptions(FAST_START)
                .args(args)
                .start();
        child.join();
        System.exit(child.exitCode().orElse(-1));
      }
    }
  }

  /** Has a main method, but not a static one. */
  static final class InstanceMain {
    public void main(String[] args) {
      System.out.println("never runs");
    }
  }

  /** Exits with the code given as its argument. */
  static final class ExitWith {
    public static void main(String[] args) {
      System.exit(Integer.parseInt(args[0]));
    }
  }

  /**
   * Records its pid in dict {@code args[0]}, then blocks until queue {@code args[0]-q} has an item.
   */
  static final class Waiter {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        Map<String, Long> seen = manager.dict(args[0]);
        seen.put("pid", ProcessHandle.current().pid());
        manager.<String>queue(args[0] + "-q").take();
      }
    }
  }

  /** Starts a daemon grandchild {@link Waiter}, records its pid, then blocks like a Waiter. */
  static final class DaemonParent {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        JvmProcess child =
            JvmProcess.builder(Waiter.class)
                .manager(manager)
                .daemon(true)
                .jvmOptions(FAST_START)
                .args(args[0] + "-child")
                .start();
        manager.<String, Long>dict(args[0]).put("grandchild", child.pid());
        manager.<String>queue(args[0] + "-q").take();
      }
    }
  }

  /** A value class; registered with another in the opposite order to the test JVM. */
  record Point(int x, int y) {}

  /** Another value class. */
  record Label(String text) {}

  /** Registers Label then Point, and stores a Label under a Point key in dict {@code args[0]}. */
  static final class RecordWriter {
    public static void main(String[] args) {
      try (Manager manager =
          Manager.builder()
              .fromEnvironment()
              .register(Label.class)
              .register(Point.class)
              .connect()) {
        manager.<Point, Label>dict(args[0]).put(new Point(3, 4), new Label("from a child"));
      }
    }
  }

  /** Takes lock {@code args[0]}, records its pid in dict {@code args[0]}, then blocks. */
  static final class LockHolder {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        manager.lock(args[0]).lock();
        manager.<String, Long>dict(args[0] + "-pid").put("pid", ProcessHandle.current().pid());
        manager.<String>queue(args[0] + "-q").take();
      }
    }
  }

  /** Takes every permit of semaphore {@code args[0]} (2), records its pid, then blocks. */
  static final class PermitHolder {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        manager.semaphore(args[0], 2).acquire(2);
        manager.<String, Long>dict(args[0] + "-pid").put("pid", ProcessHandle.current().pid());
        manager.<String>queue(args[0] + "-q").take();
      }
    }
  }

  /** Takes one item from joinable queue {@code args[0]}, records it, and dies before task_done. */
  static final class UnfinishedConsumer {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        String item = manager.<String>joinableQueue(args[0]).take();
        manager.<String, String>dict(args[0] + "-taken").put("item", item);
        manager.<String>queue(args[0] + "-q").take();
      }
    }
  }

  /** Records its pid in dict {@code args[0]-pid}, then waits at barrier {@code args[0]} of 3. */
  static final class BarrierParty {
    public static void main(String[] args) throws Exception {
      try (Manager manager = Manager.fromEnvironment()) {
        manager.<String, Long>dict(args[0] + "-pid").put("pid", ProcessHandle.current().pid());
        manager.barrier(args[0], 3).await();
      }
    }
  }

  /** Sends {@code args[1]} greetings into end 1 of pipe {@code args[0]}, then closes the end. */
  static final class PipeSender {
    public static void main(String[] args) {
      try (Manager manager = Manager.fromEnvironment();
          SharedPipe.Connection<String> end = manager.<String>pipe(args[0]).second()) {
        for (int i = 0; i < Integer.parseInt(args[1]); i++) {
          end.send("have you eaten?");
        }
      }
    }
  }

  /** Takes rlock {@code args[0]} twice, records its pid, then blocks. */
  static final class RlockHolder {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        SharedLock rlock = manager.rlock(args[0]);
        rlock.lock();
        rlock.lock();
        manager.<String, Long>dict(args[0] + "-pid").put("pid", ProcessHandle.current().pid());
        manager.<String>queue(args[0] + "-q").take();
      }
    }
  }

  /** Waits on condition {@code args[0]} (holding its rlock), or on event {@code args[0]}. */
  static final class ConditionAndEventWaiter {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        SharedCondition condition = manager.condition(args[0]);
        Thread eventWaiter =
            new Thread(
                () -> {
                  try {
                    manager.event(args[0] + "-event").await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        eventWaiter.start();
        condition.lock().lock();
        condition.await();
      }
    }
  }

  /** Decrements {@code dict[args[0]]["count"]} once, atomically. */
  static final class Decrement {
    public static void main(String[] args) {
      try (Manager manager = Manager.fromEnvironment()) {
        manager.<String, Integer>dict(args[0]).merge("count", -1, Integer::sum);
      }
    }
  }

  /** Puts {@code args[2]} items named {@code args[1]-i} into queue {@code args[0]}. */
  static final class Producer {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        SharedQueue<String> queue = manager.queue(args[0]);
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
          queue.put(args[1] + "-" + i);
        }
      }
    }
  }

  /**
   * Takes items from queue {@code args[0]} until "stop", appending each to list {@code args[1]}.
   */
  static final class Consumer {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        SharedQueue<String> queue = manager.queue(args[0]);
        SharedList<String> taken = manager.list(args[1]);
        for (String item = queue.take(); !item.equals("stop"); item = queue.take()) {
          taken.add(item);
        }
      }
    }
  }

  /**
   * Starts a private manager, records its server's pid and address in dict {@code args[0]} of the
   * manager in its environment, then blocks until queue {@code args[0]-q} there has an item.
   */
  static final class PrivateOwner {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment();
          Manager owned = Manager.start()) {
        Map<String, Object> seen = manager.dict(args[0]);
        seen.put("server", owned.server().process().pid());
        seen.put("address", owned.address());
        manager.<String>queue(args[0] + "-q").take();
      }
    }
  }

  /**
   * Connects through its environment and records there, in dict {@code args[0]}, the address list
   * its environment gave it and the address of the server it reached.
   */
  static final class AddressReporter {
    public static void main(String[] args) {
      try (Manager manager = Manager.fromEnvironment()) {
        Map<String, String> seen = manager.dict(args[0]);
        seen.put("environment", System.getenv(Manager.ADDRESS_ENV));
        seen.put("connected", manager.host() + ":" + manager.port());
      }
    }
  }

  /** Starts a private manager; on a classpath without the server, this fails. */
  static final class StartPrivate {
    public static void main(String[] args) {
      try (Manager manager = Manager.start()) {
        manager.dict("d").put("k", "v");
      }
    }
  }

  /** Runs one task on a pool of one worker, with the manager in its environment; prints it. */
  static final class PoolUser {
    public static void main(String[] args) throws Exception {
      try (Manager manager = Manager.fromEnvironment();
          Pool pool = manager.pool(args[0], 1)) {
        System.out.println("result " + pool.apply(PoolTasks::square, 12));
      }
    }
  }

  /**
   * Creates an anonymous queue, records its name in dict {@code args[0]}, then blocks until queue
   * {@code args[0]-q} has an item.
   */
  static final class AnonymousOwner {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        SharedQueue<String> mine = manager.queue();
        manager.<String, String>dict(args[0]).put("name", mine.name());
        manager.<String>queue(args[0] + "-q").take();
      }
    }
  }

  /** Barrier actions run by the last party to arrive, in whatever JVM that is. */
  static final class BarrierActions {
    private BarrierActions() {}

    /**
     * Counts a trip, and the pid that ran it, in dict "trips" of the manager in the environment.
     */
    static void recordTrip() {
      try (Manager manager = Manager.fromEnvironment()) {
        SharedDict<String, Long> trips = manager.dict("trips");
        trips.merge("count", 1L, Long::sum);
        trips.put("pid", ProcessHandle.current().pid());
      }
    }
  }

  /**
   * Until its server goes away, puts {@code args[0]-i} under key {@code args[0]-i} in dict
   * "durable" and appends it to list "durable-log", for i = 0, 1, ...; after both calls of an i
   * return, appends i to the file {@code args[1]}, so the file lists exactly what was acknowledged.
   */
  static final class DurableWriter {
    public static void main(String[] args) throws java.io.IOException {
      java.nio.file.Path acks = java.nio.file.Path.of(args[1]);
      try (Manager manager = Manager.fromEnvironment()) {
        Map<String, Integer> dict = manager.dict("durable");
        java.util.List<String> log = manager.list("durable-log");
        for (int i = 0; ; i++) {
          dict.put(args[0] + "-" + i, i);
          log.add(args[0] + "-" + i);
          java.nio.file.Files.writeString(acks, i + "\n", java.nio.file.StandardOpenOption.APPEND);
        }
      } catch (ManagerException serverGone) {
        System.out.println("server gone: " + serverGone.getMessage());
      }
    }
  }
}
