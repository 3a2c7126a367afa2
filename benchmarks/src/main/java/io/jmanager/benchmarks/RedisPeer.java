package io.jmanager.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Redis from Debian's {@code redis-server}, started on a free loopback port without persistence or
 * with an append-only file in a fresh temporary directory, driven by Jedis with one connection per
 * thread, as Jedis requires. The map is a hash, the queue and the list are lists.
 */
final class RedisPeer implements Peer {
  private static final byte[] KEY = Workload.OBJECT.getBytes(StandardCharsets.US_ASCII);

  /** How the server keeps its data; RDB snapshots are off in every mode. */
  enum Persistence {
    NONE("redis", "no persistence", "--appendonly", "no"),
    ALWAYS(
        "redis-always",
        "append-only file, appendfsync always: a write is fsynced before its answer",
        "--appendonly",
        "yes",
        "--appendfsync",
        "always"),
    EVERYSEC(
        "redis-everysec",
        "append-only file, appendfsync everysec: fsync once a second, after the answers",
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec");

    /** The peer's name in {@code --peers} and the report. */
    final String peer;

    private final String description;
    private final List<String> options;

    Persistence(String peer, String description, String... options) {
      this.peer = peer;
      this.description = description;
      this.options = List.of(options);
    }

    /** Whether the server writes files in this mode, and so needs a directory of its own. */
    boolean writesFiles() {
      return this != NONE;
    }
  }

  private final Persistence persistence;
  private final Process server;
  private final ScratchDir dir;
  private final int port;
  private final Jedis control;

  private RedisPeer(Persistence persistence, Process server, ScratchDir dir, int port) {
    this.persistence = persistence;
    this.server = server;
    this.dir = dir;
    this.port = port;
    this.control = new Jedis("127.0.0.1", port);
  }

  /** Whether {@code redis-server} is on the PATH. */
  static boolean installed() {
    return Tools.onPath("redis-server");
  }

  /** Starts redis-server without persistence and waits until it answers PING. */
  static RedisPeer start() throws IOException, InterruptedException {
    return start(Persistence.NONE);
  }

  /**
   * Starts redis-server in the given mode, its files (if any) in a new directory, and waits until
   * it answers PING.
   */
  static RedisPeer start(Persistence persistence) throws IOException, InterruptedException {
    ScratchDir dir = persistence.writesFiles() ? ScratchDir.create("redis-aof-") : null;
    try {
      return start(persistence, dir);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (dir != null) {
        dir.close();
      }
      throw e;
    }
  }

  private static RedisPeer start(Persistence persistence, ScratchDir dir)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--protected-mode",
                "yes",
                "--save",
                ""));
    command.addAll(persistence.options);
    if (dir != null) {
      command.addAll(List.of("--dir", dir.path().toString()));
    }
    Process server =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Jedis probe = new Jedis("127.0.0.1", port)) {
        probe.ping();
        return new RedisPeer(persistence, server, dir, port);
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline || !server.isAlive()) {
          server.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
          throw new IllegalStateException("redis-server did not start", e);
        }
        Thread.sleep(50);
      }
    }
  }

  @Override
  public String name() {
    return persistence.peer;
  }

  @Override
  public String description() {
    return "redis-server on PATH, "
        + persistence.description
        + "; Jedis, one connection per thread";
  }

  @Override
  public void reset(Workload workload) {
    control.del(KEY);
  }

  @Override
  public Driver driver(Workload workload, int thread, int inFlight) {
    Jedis jedis = new Jedis("127.0.0.1", port);
    switch (workload) {
      case MAP:
        return new Closing(jedis) {
          @Override
          public void step(long step, Recorder latencies, Counts counts) {
            String key = Workload.key(thread, step);
            byte[] field = key.getBytes(StandardCharsets.US_ASCII);
            byte[] value = Workload.value(key);
            byte[] read =
                Peer.timedPair(
                    latencies, () -> jedis.hset(KEY, field, value), () -> jedis.hget(KEY, field));
            JmanagerPeer.requireEqual(value, read, key);
            counts.pair(thread);
          }
        };
      case QUEUE:
        return new Closing(jedis) {
          @Override
          public void step(long step, Recorder latencies, Counts counts) {
            byte[] value = Workload.value(Workload.key(thread, step));
            byte[] polled =
                Peer.timedPair(latencies, () -> jedis.rpush(KEY, value), () -> jedis.lpop(KEY));
            if (polled == null) {
              throw new IllegalStateException("an LPOP right after an RPUSH found the list empty");
            }
            counts.pair(thread);
          }
        };
      case LIST:
        return new Closing(jedis) {
          @Override
          public void step(long step, Recorder latencies, Counts counts) {
            byte[] value = Workload.value(Workload.key(thread, step));
            Peer.timed(latencies, () -> jedis.rpush(KEY, value));
            counts.write(thread);
          }
        };
      case MAP_ASYNC:
        return new Closing(jedis) {
          @Override
          public void step(long step, Recorder latencies, Counts counts) {
            int pairs = Math.max(1, inFlight / 2);
            Pipeline pipeline = jedis.pipelined();
            List<Response<byte[]>> reads = new ArrayList<>(pairs);
            List<String> keys = new ArrayList<>(pairs);
            long start = System.nanoTime();
            for (int i = 0; i < pairs; i++) {
              String key = Workload.key(thread, step * pairs + i);
              byte[] field = key.getBytes(StandardCharsets.US_ASCII);
              pipeline.hset(KEY, field, Workload.value(key));
              reads.add(pipeline.hget(KEY, field));
              keys.add(key);
            }
            pipeline.sync();
            long took = System.nanoTime() - start;
            for (int i = 0; i < pairs; i++) {
              latencies.recordValue(took);
              latencies.recordValue(took);
              JmanagerPeer.requireEqual(
                  Workload.value(keys.get(i)), reads.get(i).get(), keys.get(i));
            }
            counts.writes.add(pairs);
            counts.reads.add(pairs);
            counts.stepsPerThread[thread] += pairs;
          }
        };
      default:
        throw new UnsupportedOperationException(workload.title);
    }
  }

  @Override
  public String check(Workload workload, Counts counts) {
    switch (workload) {
      case MAP:
      case MAP_ASYNC:
        JmanagerPeer.expect("hash size", control.hlen(KEY), counts.distinctKeys());
        String key = Workload.key(0, 0);
        JmanagerPeer.requireEqual(
            Workload.value(key), control.hget(KEY, key.getBytes(StandardCharsets.US_ASCII)), key);
        return control.hlen(KEY) + " fields, values match";
      case QUEUE:
        JmanagerPeer.expect("list length", control.llen(KEY), 0);
        JmanagerPeer.expect("pops", counts.reads.sum(), counts.writes.sum());
        return counts.writes.sum() + " pushed and popped, list empty";
      case LIST:
        JmanagerPeer.expect("list length", control.llen(KEY), counts.writes.sum());
        return control.llen(KEY) + " elements";
      default:
        throw new UnsupportedOperationException(workload.title);
    }
  }

  /** Redis's own count of the memory it uses, in bytes (INFO memory: used_memory). */
  long usedMemory() {
    for (String line : control.info("memory").split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new IllegalStateException("INFO memory has no used_memory");
  }

  /** A connection of this server, for loading data. */
  Jedis connect() {
    return new Jedis("127.0.0.1", port);
  }

  @Override
  public void close() throws InterruptedException, IOException {
    control.close();
    server.destroy();
    if (!server.waitFor(20, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
    if (dir != null) {
      dir.close();
    }
  }

  /** A driver that closes its connection. */
  private abstract static class Closing implements Driver {
    private final Jedis jedis;

    Closing(Jedis jedis) {
      this.jedis = jedis;
    }

    @Override
    public void close() {
      jedis.close();
    }
  }
}
