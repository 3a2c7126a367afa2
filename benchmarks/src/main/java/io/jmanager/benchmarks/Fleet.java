package io.jmanager.benchmarks;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The soak's client JVMs: starts them, SIGKILLs one at random and starts its replacement (a new
 * client with a new id), stops the rest through the stop event, and notes when each was started,
 * killed and seen to exit, on the clock the clients write in their journals.
 */
final class Fleet implements AutoCloseable {
  /** Small, quick-starting client JVMs: they do network calls, not computation. */
  private static final String[] CLIENT_JVM = {
    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-Xss512k"
  };

  private final Manager manager;
  private final Path dir;
  private final long origin;
  private final long epochNanos;
  private final Map<Integer, JvmProcess> running = new LinkedHashMap<>();
  private final Map<Integer, Long> started = new HashMap<>();
  private final Map<Integer, Long> killed = new HashMap<>();
  private final Map<Integer, Long> exited = new HashMap<>();
  private final List<String> failures = new ArrayList<>();
  private int nextId = 1;

  Fleet(Manager manager, Path dir, long origin, long epochNanos) {
    this.manager = manager;
    this.dir = dir;
    this.origin = origin;
    this.epochNanos = epochNanos;
  }

  /** Starts {@code count} new clients. */
  void start(int count) {
    for (int i = 0; i < count; i++) {
      int id = nextId++;
      started.put(id, System.nanoTime());
      running.put(
          id,
          JvmProcess.builder(SoakClient.class)
              .manager(manager)
              .daemon(true)
              .name("client-" + id)
              .jvmOptions(CLIENT_JVM)
              .redirectOutput(dir.resolve("client-" + id + ".out").toFile())
              .args(
                  journal(id).toString(),
                  Integer.toString(id),
                  Long.toString(origin),
                  Long.toString(epochNanos))
              .start());
    }
  }

  /**
   * SIGKILLs a client that has begun its work, waits until it is gone, and starts a replacement.
   * The victim is random, or with {@code lockHolder} the first client seen holding the lock within
   * half a second (by the last line of its journal), else random. Returns false when no client has
   * begun its work yet.
   */
  boolean killOneAndReplace(Random random, boolean lockHolder)
      throws IOException, InterruptedException {
    start(noteUnexpectedExits());
    List<Integer> working = new ArrayList<>();
    for (int id : running.keySet()) {
      if (working(id)) {
        working.add(id);
      }
    }
    if (working.isEmpty()) {
      return false;
    }
    Integer holder = lockHolder ? findLockHolder(working) : null;
    kill(holder != null ? holder : working.get(random.nextInt(working.size())));
    start(1);
    return true;
  }

  /** Waits until every client has begun its work: its JVM is up and connected. */
  void awaitWorking(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int id : running.keySet()) {
      while (!working(id)) {
        if (System.nanoTime() > deadline || !running.get(id).isAlive()) {
          throw new IllegalStateException("client " + id + " did not begin within " + timeout);
        }
        Thread.sleep(50);
      }
    }
  }

  /** Sets the stop event and waits for every client to finish its operation and exit 0. */
  void stop(Duration timeout) throws InterruptedException {
    noteUnexpectedExits();
    manager.event(SoakClient.STOP).set();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Map.Entry<Integer, JvmProcess> client : running.entrySet()) {
      JvmProcess process = client.getValue();
      if (!process.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        failures.add(process.name() + " did not stop within " + timeout + "; killed");
        process.kill();
        process.join();
      } else if (process.exitCode().orElseThrow() != 0) {
        failures.add(
            process.name()
                + " exited "
                + process.exitCode().orElseThrow()
                + output(client.getKey()));
      }
      exited.put(client.getKey(), System.nanoTime());
    }
    running.clear();
  }

  /** Clients that died by themselves, or would not stop, with the end of their output. */
  List<String> failures() {
    return failures;
  }

  int startedCount() {
    return nextId - 1;
  }

  /** When each client was started, killed and seen gone. */
  Invariants.Lives lives() {
    return new Invariants.Lives(started, killed, exited);
  }

  Path journal(int id) {
    return dir.resolve("client-" + id + ".log");
  }

  /** Kills by pid whatever client still runs, as after a failure. */
  @Override
  public void close() throws InterruptedException {
    for (JvmProcess process : running.values()) {
      process.kill();
      process.join();
    }
    running.clear();
  }

  private Integer findLockHolder(List<Integer> candidates) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    while (System.nanoTime() < deadline) {
      for (int id : candidates) {
        if (lastLine(journal(id)).startsWith("A ")) {
          return id;
        }
      }
    }
    return null;
  }

  private void kill(int id) throws InterruptedException {
    JvmProcess victim = running.remove(id);
    killed.put(id, System.nanoTime());
    victim.kill();
    victim.join();
    exited.put(id, System.nanoTime());
  }

  private static String lastLine(Path journal) throws IOException {
    try (FileChannel channel = FileChannel.open(journal)) {
      ByteBuffer tail = ByteBuffer.allocate((int) Math.min(channel.size(), 128));
      channel.read(tail, channel.size() - tail.capacity());
      String text = new String(tail.array(), 0, tail.position(), StandardCharsets.US_ASCII);
      return text.substring(text.lastIndexOf('\n', text.length() - 2) + 1);
    }
  }

  private boolean working(int id) throws IOException {
    return Files.exists(journal(id)) && Files.size(journal(id)) > 0;
  }

  /** Notes the clients that died by themselves as failures; returns how many there were. */
  private int noteUnexpectedExits() {
    List<Integer> dead = new ArrayList<>();
    running.forEach(
        (id, process) -> {
          if (!process.isAlive()) {
            dead.add(id);
          }
        });
    for (int id : dead) {
      JvmProcess process = running.remove(id);
      exited.put(id, System.nanoTime());
      failures.add(process + " died before it was stopped" + output(id));
    }
    return dead.size();
  }

  private String output(int id) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("client-" + id + ".out"));
      return ":\n    "
          + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return " (no output: " + e.getMessage() + ")";
    }
  }
}
