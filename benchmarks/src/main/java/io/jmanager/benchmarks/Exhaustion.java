package io.jmanager.benchmarks;

import io.jmanager.client.Manager;
import io.jmanager.client.MemoryLimitException;
import io.jmanager.client.SharedArray;
import io.jmanager.client.SharedDict;
import io.jmanager.client.SharedQueue;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.QueueOp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The daemon under the exhaustion attempts of a hostile review, each against a fresh daemon with
 * the given heap ({@code -Xmx}, default 512m) and otherwise default limits: hundreds of thousands
 * of objects with long names, arrays of 2^20 longs until refused, clients that park takes and never
 * read what they are given, connections that send part of a large frame and stall, and frames of
 * nulls. For each it prints what the daemon refused, its peak resident set (VmHWM), whether it
 * still answers, and that no acknowledged item was lost. Usage: {@code Exhaustion [heap [jvm
 * options...]]}, such as {@code Exhaustion 384m -XX:MaxDirectMemorySize=64m}.
 */
public final class Exhaustion {
  private static final byte[] KEY = new byte[0];
  private static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

  private Exhaustion() {}

  /** Runs every attempt and prints one line each. */
  public static void main(String[] args) throws Exception {
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + (args.length > 0 ? args[0] : "512m")));
    jvm.addAll(Arrays.asList(args).subList(Math.min(1, args.length), args.length));
    Path jar = Path.of("manager-server/target/manager-server.jar");
    System.out.printf("daemon: %s, default limits%n", String.join(" ", jvm));
    attempt(jar, jvm, "400,000 objects with 220-character names", Exhaustion::objects);
    attempt(jar, jvm, "arrays of 2^20 longs", Exhaustion::arrays);
    attempt(jar, jvm, "3 clients parking 3,000 takes each, never reading", Exhaustion::takers);
    attempt(jar, jvm, "100 connections sending 1 MiB of a 16 MiB frame", Exhaustion::partial);
    attempt(jar, jvm, "4 frames of 16 million nulls", Exhaustion::nulls);
  }

  /** One attempt on a daemon of its own: what it showed. */
  private interface Attack {
    String run(Daemon daemon, Manager manager) throws Exception;
  }

  private static void attempt(Path jar, List<String> jvm, String title, Attack attack)
      throws Exception {
    try (Daemon daemon = Daemon.start(jar, jvm, List.of());
        Manager manager = Manager.connect("127.0.0.1", daemon.port(), KEY)) {
      manager.<String, String>dict("alive").put("before", "yes");
      long started = System.nanoTime();
      String outcome = attack.run(daemon, manager);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      System.out.printf(
          "%s: %s; %.1f s; peak RSS %d MiB; %s%n",
          title, outcome, took.toMillis() / 1000.0, peakRssMiB(daemon.pid()), stillServes(daemon));
    }
  }

  private static String objects(Daemon daemon, Manager manager) {
    String padding = "n".repeat(210);
    for (int i = 0; i < 400_000; i++) {
      try {
        manager.dict(String.format("%09d-%s", i, padding));
      } catch (MemoryLimitException refused) {
        return String.format("%,d created, then refused with MemoryLimitException", i);
      }
    }
    return "400,000 created, none refused";
  }

  private static String arrays(Daemon daemon, Manager manager) {
    for (int i = 0; i < 1_000; i++) {
      try {
        manager.array("array-" + i, SharedArray.ElementType.LONG, 1 << 20);
      } catch (MemoryLimitException refused) {
        return String.format("%d created (%d MiB of elements), then refused", i, i * 8);
      }
    }
    return "1,000 created, none refused";
  }

  private static String takers(Daemon daemon, Manager manager) throws Exception {
    int each = 3_000;
    List<RawConnection> takers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      RawConnection taker = new RawConnection(daemon.port(), KEY);
      long queueId = queueId(taker, "flood");
      for (int i = 0; i < each; i++) {
        taker.send(queueId, QueueOp.POLL_WAIT, -1L);
      }
      taker.flush();
      takers.add(taker);
    }
    SharedQueue<byte[]> queue = manager.queue("flood");
    while (queue.waitingConsumers() < 3 * each) {
      Thread.onSpinWait();
    }
    int acknowledged = 0;
    int refused = 0;
    for (int i = 0; i < 3 * each; i++) {
      try {
        queue.put(ByteBuffer.allocate(64 * 1024).putInt(i).array());
        acknowledged++;
      } catch (MemoryLimitException full) {
        refused++;
      }
    }
    long[] received = {0};
    int closed = 0;
    for (RawConnection taker : takers) {
      if (taker.readUntilClosed(Duration.ofSeconds(5), m -> received[0]++)) {
        closed++;
      }
      taker.close();
    }
    int left = queue.size();
    return String.format(
        "%,d puts acknowledged, %,d refused with MemoryLimitException; %d of 3 takers closed;"
            + " %,d items received + %,d left in the queue = %,d (%s)",
        acknowledged,
        refused,
        closed,
        received[0],
        left,
        received[0] + left,
        received[0] + left == acknowledged ? "none lost" : "LOST OR DUPLICATED");
  }

  private static String partial(Daemon daemon, Manager manager) throws Exception {
    List<RawConnection> stalled = new ArrayList<>();
    byte[] start = ByteBuffer.allocate(4 + 1024 * 1024).putInt(MAX_FRAME_BYTES - 64).array();
    for (int i = 0; i < 100; i++) {
      RawConnection connection = new RawConnection(daemon.port(), KEY);
      connection.write(start);
      connection.flush();
      stalled.add(connection);
    }
    SharedDict<String, String> dict = manager.dict("meanwhile");
    for (int i = 0; i < 1_000; i++) {
      dict.put("k" + i, "v" + i);
    }
    String served = dict.size() == 1_000 ? "1,000 puts by another client served meanwhile" : "?";
    for (RawConnection connection : stalled) {
      connection.close();
    }
    return served;
  }

  private static String nulls(Daemon daemon, Manager manager) throws Exception {
    manager.queue("nulls");
    ArrayList<Object> nulls = new ArrayList<>(Collections.nCopies(MAX_FRAME_BYTES - 64, null));
    int refusedMemory = 0;
    List<RawConnection> senders = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      RawConnection sender = new RawConnection(daemon.port(), KEY);
      sender.send(queueId(sender, "nulls"), QueueOp.ADD_ALL, nulls);
      sender.flush();
      senders.add(sender);
    }
    for (RawConnection sender : senders) {
      if (sender.read() instanceof Message.Failure failure && failure.code() == ErrorCode.MEMORY) {
        refusedMemory++;
      }
      sender.close();
    }
    return String.format("%d of 4 answered MEMORY, unapplied", refusedMemory);
  }

  private static long queueId(RawConnection connection, String name) throws IOException {
    return (Long) ((List<?>) connection.call(0, ManagerOp.OPEN, name, ObjectType.QUEUE, -1)).get(0);
  }

  /** Whether a new client can still connect and read what was stored before the attempt. */
  private static String stillServes(Daemon daemon) {
    try (Manager after = Manager.connect("127.0.0.1", daemon.port(), KEY)) {
      SharedDict<String, String> dict = after.dict("alive");
      return "yes".equals(dict.get("before")) ? "still serves" : "ANSWERS WRONG";
    } catch (RuntimeException e) {
      return "DOES NOT SERVE: " + e;
    }
  }

  private static long peakRssMiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }
}
