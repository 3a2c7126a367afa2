package io.jmanager.benchmarks;

import io.jmanager.client.Manager;
import io.jmanager.client.SharedDict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * Dict inserts by key type: for Integer, Long and String keys in turn, a fresh dict gets {@code
 * keys} distinct keys in {@code putAll} batches of 1,000 from one connection, while a second
 * connection reads one key of the same dict in a loop; prints the load's time and the reader's
 * latencies, the stall other clients see while the dict grows. Calls may take up to 10 minutes (a
 * slow dict stalls a single call for longer than the default 30 s), and a load still running after
 * 10 minutes is stopped and reported as such. Usage: {@code DictKeys [keys]}.
 */
public final class DictKeys {
  private static final String NAME = "dict-keys";
  private static final int BATCH = 1_000;
  private static final long LIMIT_NANOS = TimeUnit.MINUTES.toNanos(10);

  private DictKeys() {}

  /** Loads a dict with each key type and prints one line per type. */
  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    Path jar = Path.of("manager-server/target/manager-server.jar");
    try (Daemon daemon = Daemon.start(jar, List.of(), List.of());
        Manager loader = connect(daemon);
        Manager reader = connect(daemon)) {
      for (String type : List.of("Integer", "Long", "String")) {
        load(loader, reader, type, keys);
      }
    }
  }

  private static Manager connect(Daemon daemon) {
    return Manager.builder()
        .address("127.0.0.1", daemon.port())
        .callTimeout(Duration.ofNanos(LIMIT_NANOS))
        .connect();
  }

  private static void load(Manager loader, Manager reader, String type, int keys)
      throws InterruptedException {
    loader.delete(NAME);
    SharedDict<Object, Object> dict = loader.dict(NAME);
    SharedDict<Object, Object> read = reader.dict(NAME);
    read.put("probe", -1);
    Histogram latencies = new Histogram(3);
    AtomicBoolean stop = new AtomicBoolean();
    Thread probe = new Thread(() -> probe(read, latencies, stop), "dict-keys-reader");
    probe.start();
    long start = System.nanoTime();
    int loaded = 0;
    while (loaded < keys && System.nanoTime() - start < LIMIT_NANOS) {
      Map<Object, Object> batch = new LinkedHashMap<>();
      for (int i = loaded; i < Math.min(keys, loaded + BATCH); i++) {
        batch.put(key(type, i), i);
      }
      dict.putAll(batch);
      loaded += batch.size();
    }
    long nanos = System.nanoTime() - start;
    stop.set(true);
    probe.join();
    check(dict, type, loaded);
    System.out.printf(
        "%-7s keys: %,d loaded in %,.2f s%s; reader get p50 %,d us, p99 %,d us, max %,d us"
            + " (%,d gets)%n",
        type,
        loaded,
        nanos / 1e9,
        loaded < keys ? " (stopped at the 10-minute limit)" : "",
        latencies.getValueAtPercentile(50) / 1000,
        latencies.getValueAtPercentile(99) / 1000,
        latencies.getMaxValue() / 1000,
        latencies.getTotalCount());
  }

  private static void probe(
      SharedDict<Object, Object> dict, Histogram latencies, AtomicBoolean stop) {
    while (!stop.get()) {
      long start = System.nanoTime();
      Object value = dict.get("probe");
      latencies.recordValue(System.nanoTime() - start);
      if (!Integer.valueOf(-1).equals(value)) {
        throw new IllegalStateException("the probe key reads " + value);
      }
    }
  }

  private static Object key(String type, int i) {
    return switch (type) {
      case "Integer" -> i;
      case "Long" -> (long) i;
      default -> Integer.toString(i);
    };
  }

  private static void check(SharedDict<Object, Object> dict, String type, int loaded) {
    JmanagerPeer.expect(type + " dict size", dict.size(), loaded + 1L);
    for (int i = 0; i < loaded; i += Math.max(1, loaded / 100)) {
      JmanagerPeer.expect(type + " value of key " + i, (Integer) dict.get(key(type, i)), i);
    }
  }
}
