package io.jmanager.benchmarks;

import io.jmanager.client.Manager;
import io.jmanager.client.SharedDict;
import io.jmanager.client.SharedQueue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Memory and threads of the daemon: its heap for 1,000,000 dict entries (12-byte keys, 16-byte
 * values) beside Redis's {@code used_memory} for the same hash, and its threads and heap with
 * 10,000 parked {@code take}s. Heap is read with {@code jcmd GC.heap_info} after {@code jcmd
 * GC.run}; threads from {@code /proc/PID/status}. Usage: {@code Footprint [entries] [waiters]}.
 */
public final class Footprint {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");
  private static final int BATCH = 1_000;

  private Footprint() {}

  /** Loads, measures, checks, and prints one line per figure. */
  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int waiters = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path jar = Path.of("manager-server/target/manager-server.jar");
    long jmanagerBytes;
    try (SingleServer server = SingleServer.inMemory(jar);
        Manager manager = server.connect()) {
      long pid = server.daemon().pid();
      long empty = heapAfterGc(pid);
      SharedDict<String, byte[]> dict = manager.dict("footprint");
      List<CompletableFuture<Void>> loads = new ArrayList<>();
      for (int first = 0; first < entries; first += BATCH) {
        Map<String, byte[]> batch = new LinkedHashMap<>();
        for (int i = first; i < Math.min(entries, first + BATCH); i++) {
          String key = key(i);
          batch.put(key, Workload.value(key));
        }
        loads.add(dict.async().putAll(batch));
      }
      CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
      JmanagerPeer.expect("dict size", dict.size(), entries);
      jmanagerBytes = heapAfterGc(pid) - empty;
      System.out.printf(
          "jmanager: %,d entries take %,d bytes of heap (%.1f bytes each)%n",
          entries, jmanagerBytes, (double) jmanagerBytes / entries);
      dict.clear();

      long threadsBefore = threads(pid);
      long heapBefore = heapAfterGc(pid);
      SharedQueue<String> queue = manager.queue("footprint-waiters");
      List<CompletableFuture<String>> takes = new ArrayList<>(waiters);
      for (int i = 0; i < waiters; i++) {
        takes.add(queue.async().take());
      }
      while (queue.waitingConsumers() < waiters) {
        Thread.onSpinWait();
      }
      long threadsParked = threads(pid);
      long heapParked = heapAfterGc(pid);
      for (int i = 0; i < waiters; i++) {
        queue.add("item-" + i);
      }
      Set<String> taken = new HashSet<>();
      for (CompletableFuture<String> take : takes) {
        taken.add(take.get(1, TimeUnit.MINUTES));
      }
      JmanagerPeer.expect("distinct items taken", taken.size(), waiters);
      System.out.printf(
          "jmanager: %,d parked takes: server threads %d -> %d, heap +%,d bytes (%.0f bytes each);"
              + " all released with distinct items%n",
          waiters,
          threadsBefore,
          threadsParked,
          heapParked - heapBefore,
          (double) (heapParked - heapBefore) / waiters);
    }
    if (RedisPeer.installed()) {
      try (RedisPeer redis = RedisPeer.start();
          Jedis jedis = redis.connect()) {
        long empty = redis.usedMemory();
        byte[] hash = "footprint".getBytes(StandardCharsets.US_ASCII);
        for (int first = 0; first < entries; first += BATCH) {
          Pipeline pipeline = jedis.pipelined();
          for (int i = first; i < Math.min(entries, first + BATCH); i++) {
            String key = key(i);
            pipeline.hset(hash, key.getBytes(StandardCharsets.US_ASCII), Workload.value(key));
          }
          pipeline.sync();
        }
        JmanagerPeer.expect("hash size", jedis.hlen(hash), entries);
        long redisBytes = redis.usedMemory() - empty;
        System.out.printf(
            "redis: %,d entries take %,d bytes of used_memory (%.1f bytes each); jmanager/redis"
                + " %.2fx%n",
            entries,
            redisBytes,
            (double) redisBytes / entries,
            (double) jmanagerBytes / redisBytes);
      }
    } else {
      System.out.println("redis: not installed (apt-get install redis-server)");
    }
  }

  /** A 12-character key. */
  private static String key(int i) {
    return String.format("key-%08d", i);
  }

  static long heapAfterGc(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    Matcher used = USED.matcher(jcmd(pid, "GC.heap_info"));
    if (!used.find()) {
      throw new IllegalStateException("no heap figure from jcmd");
    }
    return Long.parseLong(used.group(1)) * 1024;
  }

  static long threads(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("Threads:")) {
        return Long.parseLong(line.substring("Threads:".length()).trim());
      }
    }
    throw new IllegalStateException("no thread count for " + pid);
  }

  static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + output);
    }
    return output;
  }
}
