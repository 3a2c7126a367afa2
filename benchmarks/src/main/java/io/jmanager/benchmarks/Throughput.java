package io.jmanager.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The side-by-side benchmark: every workload at every thread count on each chosen peer that is
 * installed (jmanager in memory and durable, Redis via Jedis without persistence and with an
 * append-only file, Python's Manager), each run a warm-up then a fixed window, throughput and
 * latency percentiles from HdrHistogram, and a check of the server's state after every run.
 * Everything runs on 127.0.0.1, every process it starts is stopped, and every directory a server
 * wrote to is deleted.
 */
@Command(
    name = "Throughput",
    mixinStandardHelpOptions = true,
    description = "Measures jmanager against Redis and Python's Manager on 127.0.0.1.")
public final class Throughput implements Callable<Integer> {
  /** Every peer, in the order they run. */
  static final List<String> ALL_PEERS =
      List.of(
          "jmanager",
          "jmanager-durable",
          "jmanager-cluster",
          "redis",
          "redis-always",
          "redis-everysec",
          "python");

  /** The peers of a smoke run: each kind of server once. */
  static final List<String> SMOKE_PEERS =
      List.of("jmanager", "jmanager-durable", "redis", "python");

  @Option(
      names = "--peers",
      split = ",",
      description =
          "Systems to run, those installed, of: jmanager (in memory), jmanager-durable (--data-dir"
              + " in a new temporary directory), jmanager-cluster (three durable members on this"
              + " host), redis (no persistence), redis-always and"
              + " redis-everysec (append-only file, appendfsync always or everysec), python."
              + " Default: all; with --smoke, jmanager,jmanager-durable,redis,python.")
  List<String> peers;

  @Option(
      names = "--workloads",
      split = ",",
      defaultValue = "map,queue,list,map-async",
      description = "Workloads (default: ${DEFAULT-VALUE}).")
  List<String> workloads;

  @Option(
      names = "--threads",
      split = ",",
      defaultValue = "1,4,16,64",
      description = "Client thread counts (default: ${DEFAULT-VALUE}).")
  List<Integer> threads;

  @Option(
      names = "--warmup",
      defaultValue = "3",
      description = "Warm-up seconds per run (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(
      names = "--seconds",
      defaultValue = "5",
      description = "Measured seconds per run (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--in-flight",
      defaultValue = "16",
      description =
          "Calls in flight per thread in pipelined workloads (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(
      names = "--smoke",
      description =
          "Seconds in all: 1 and 4 threads, 1 s windows, fewer peers; for correctness only.")
  boolean smoke;

  @Option(
      names = "--server-jar",
      defaultValue = "manager-server/target/manager-server.jar",
      description = "The daemon's jar (default: ${DEFAULT-VALUE}).")
  Path serverJar;

  @Option(
      names = "--python-script",
      defaultValue = "benchmarks/python/manager_bench.py",
      description = "The Python peer's script (default: ${DEFAULT-VALUE}).")
  Path pythonScript;

  @Option(names = "--report", description = "Also write the Markdown report to this file.")
  Path report;

  private Throughput() {}

  /** Runs the benchmark; exits 1 when a correctness check fails. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Throughput()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (smoke) {
      threads = List.of(1, 4);
      warmup = 0.3;
      seconds = 1;
    }
    if (peers == null) {
      peers = smoke ? SMOKE_PEERS : ALL_PEERS;
    }
    for (String name : peers) {
      if (!ALL_PEERS.contains(name)) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "unknown peer " + name + "; known: " + ALL_PEERS);
      }
    }
    List<Workload> chosen = new ArrayList<>();
    for (String name : workloads) {
      chosen.add(Workload.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_')));
    }
    List<String> ran = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<Result> results = new ArrayList<>();
    for (Candidate candidate : candidates()) {
      if (!peers.contains(candidate.name())) {
        continue;
      }
      if (candidate.missing() != null) {
        skipped.add(candidate.name() + " (" + candidate.missing() + ")");
        continue;
      }
      try (Peer peer = candidate.start().call()) {
        results.addAll(drive(peer, chosen));
        ran.add(peer.name() + ": " + peer.description());
      }
    }
    if (peers.contains("python")) {
      if (PythonPeer.installed()) {
        results.addAll(runPython(chosen));
        ran.add("python: python3 multiprocessing.Manager, one client process per thread");
      } else {
        skipped.add("python (no python3 on PATH)");
      }
    }
    String markdown = Report.markdown(results, ran, skipped, warmup, seconds, inFlight);
    System.out.println();
    System.out.println(markdown);
    if (report != null) {
      Files.writeString(report, markdown);
    }
    return 0;
  }

  /**
   * A peer the harness drives: its name, how to start it, and why it cannot run here (null when it
   * can).
   */
  private record Candidate(String name, Callable<Peer> start, String missing) {}

  /** The peers driven here, in the order of {@link #ALL_PEERS}; a new one is one line here. */
  private List<Candidate> candidates() {
    String noRedis =
        RedisPeer.installed() ? null : "no redis-server on PATH: apt-get install redis-server";
    List<Candidate> all = new ArrayList<>();
    all.add(jmanager("jmanager", () -> SingleServer.inMemory(serverJar)));
    all.add(jmanager("jmanager-durable", () -> SingleServer.durable(serverJar)));
    all.add(jmanager("jmanager-cluster", () -> ClusterDeployment.start(serverJar)));
    for (RedisPeer.Persistence mode : RedisPeer.Persistence.values()) {
      all.add(new Candidate(mode.peer, () -> RedisPeer.start(mode), noRedis));
    }
    return all;
  }

  private static Candidate jmanager(String name, Callable<Deployment> deployment) {
    return new Candidate(name, () -> new JmanagerPeer(name, deployment.call()), null);
  }

  private List<Result> drive(Peer peer, List<Workload> chosen) throws Exception {
    List<Result> results = new ArrayList<>();
    for (Workload workload : chosen) {
      for (int count : threads) {
        Result result = run(peer, workload, count);
        if (result != null) {
          results.add(result);
          print(result);
        }
      }
    }
    return results;
  }

  private List<Result> runPython(List<Workload> chosen) throws IOException, InterruptedException {
    PythonPeer python = new PythonPeer(pythonScript);
    List<Result> results = new ArrayList<>();
    for (Workload workload : chosen) {
      if (!PythonPeer.covers(workload)) {
        continue;
      }
      for (int count : threads) {
        Result result = python.run(workload, count, warmup, seconds);
        results.add(result);
        print(result);
      }
    }
    return results;
  }

  /** One run: warm-up, then the measured window, then the check; null if not supported. */
  private Result run(Peer peer, Workload workload, int count) throws Exception {
    peer.reset(workload);
    List<Peer.Driver> drivers = new ArrayList<>();
    try {
      for (int thread = 0; thread < count; thread++) {
        drivers.add(peer.driver(workload, thread, inFlight));
      }
    } catch (UnsupportedOperationException e) {
      for (Peer.Driver driver : drivers) {
        driver.close();
      }
      return null;
    }
    Peer.Counts counts = new Peer.Counts(count);
    Recorder recorder = new Recorder(3);
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(count);
    List<Future<?>> running = new ArrayList<>();
    for (Peer.Driver driver : drivers) {
      running.add(
          pool.submit(
              () -> {
                try (driver) {
                  long step = 0;
                  while (!stop.get()) {
                    driver.step(step++, recorder, counts);
                  }
                  driver.finish(recorder, counts);
                }
                return null;
              }));
    }
    Histogram window;
    long start;
    long end;
    try {
      Thread.sleep((long) (warmup * 1000));
      recorder.getIntervalHistogram();
      start = System.nanoTime();
      Thread.sleep((long) (seconds * 1000));
      window = recorder.getIntervalHistogram();
      end = System.nanoTime();
    } finally {
      stop.set(true);
      pool.shutdown();
    }
    for (Future<?> future : running) {
      try {
        future.get(2, TimeUnit.MINUTES);
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            peer.name() + " " + workload.title + " failed: " + e.getCause(), e.getCause());
      }
    }
    String check = peer.check(workload, counts);
    return new Result(
        peer.name(),
        workload,
        count,
        window.getTotalCount() / ((end - start) / 1e9),
        window.getValueAtPercentile(50) / 1000.0,
        window.getValueAtPercentile(99) / 1000.0,
        window.getValueAtPercentile(99.9) / 1000.0,
        check);
  }

  private static void print(Result result) {
    System.out.printf(
        Locale.ROOT,
        "%-16s %-24s %3d threads: %,10.0f ops/s  p50 %,8.1f us  p99 %,9.1f us  p999 %,9.1f us  (%s)%n",
        result.peer(),
        result.workload().title,
        result.threads(),
        result.opsPerSecond(),
        result.p50Micros(),
        result.p99Micros(),
        result.p999Micros(),
        result.check());
  }

  /** The Markdown tables of a benchmark run. */
  static final class Report {
    /** The throughput ratios worth a line under each table, when both peers ran. */
    private static final List<List<String>> RATIOS =
        List.of(
            List.of("jmanager", "redis"),
            List.of("jmanager", "python"),
            List.of("jmanager-durable", "redis-always"),
            List.of("jmanager-durable", "redis-everysec"),
            List.of("jmanager-durable", "jmanager"),
            List.of("jmanager-cluster", "jmanager-durable"));

    private Report() {}

    static String markdown(
        List<Result> results,
        List<String> ran,
        List<String> skipped,
        double warmup,
        double seconds,
        int inFlight) {
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              Locale.ROOT,
              "Warm-up %.1f s, window %.1f s per run; pipelined workloads keep %d calls in flight"
                  + " per thread. Latencies in microseconds.%n%n",
              warmup,
              seconds,
              inFlight));
      out.append("Peers run:\n");
      ran.forEach(line -> out.append("- ").append(line).append('\n'));
      skipped.forEach(line -> out.append("- not run: ").append(line).append('\n'));
      Map<Workload, Map<Integer, Map<String, Result>>> table = new LinkedHashMap<>();
      for (Result result : results) {
        table
            .computeIfAbsent(result.workload(), w -> new LinkedHashMap<>())
            .computeIfAbsent(result.threads(), t -> new LinkedHashMap<>())
            .put(result.peer(), result);
      }
      for (Map.Entry<Workload, Map<Integer, Map<String, Result>>> workload : table.entrySet()) {
        out.append("\n#### ").append(workload.getKey().title).append("\n\n");
        out.append("| threads | peer | ops/s | p50 | p99 | p999 |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Map.Entry<Integer, Map<String, Result>> row : workload.getValue().entrySet()) {
          for (Result result : row.getValue().values()) {
            out.append(
                String.format(
                    Locale.ROOT,
                    "| %d | %s | %,.0f | %.0f | %.0f | %.0f |%n",
                    result.threads(),
                    result.peer(),
                    result.opsPerSecond(),
                    result.p50Micros(),
                    result.p99Micros(),
                    result.p999Micros()));
          }
        }
        ratios(out, workload.getValue());
      }
      return out.toString();
    }

    /** One line per pair of {@link #RATIOS} that ran: the first's ops/s over the second's. */
    private static void ratios(StringBuilder out, Map<Integer, Map<String, Result>> rows) {
      for (List<String> pair : RATIOS) {
        StringBuilder line = new StringBuilder();
        for (Map.Entry<Integer, Map<String, Result>> row : rows.entrySet()) {
          Result ours = row.getValue().get(pair.get(0));
          Result theirs = row.getValue().get(pair.get(1));
          if (ours != null && theirs != null && theirs.opsPerSecond() > 0) {
            double ratio = ours.opsPerSecond() / theirs.opsPerSecond();
            line.append(line.length() == 0 ? "" : ", ")
                .append(row.getKey())
                .append(row.getKey() == 1 ? " thread " : " threads ")
                // a third decimal for small ratios, so that none reads 0.00x
                .append(String.format(Locale.ROOT, ratio < 0.1 ? "%.3fx" : "%.2fx", ratio));
          }
        }
        if (line.length() > 0) {
          out.append(
              String.format(Locale.ROOT, "%n%s / %s: %s.%n", pair.get(0), pair.get(1), line));
        }
      }
    }
  }
}
