package io.jmanager.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The daemon's heap after a full GC, its threads and its open file descriptors, read from outside
 * ({@code jcmd} and {@code /proc}). Threads are counted twice: all of them, and those the server
 * started itself, leaving out the JVM's own (GC, JIT compiler, attach listener, ...), whose number
 * the JVM changes as it sees fit.
 */
record Vitals(
    long heap, long threads, List<String> serverThreads, long fds, Map<String, Long> classes) {
  private static final Pattern HISTOGRAM_LINE =
      Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");

  /** Thread names (as {@code /proc} truncates them to 15 characters) of the JVM's own threads. */
  private static final List<String> JVM_THREADS =
      List.of(
          "java",
          "VM ",
          "GC ",
          "G1 ",
          "C1 ",
          "C2 ",
          "Sweeper",
          "Service Thread",
          "Monitor Deflati",
          "Signal Dispatch",
          "Reference Handl",
          "Finalizer",
          "Common-Cleaner",
          "Notification Th",
          "Attach Listener");

  /** Measures process {@code pid}; the GC comes first, so the thread count includes its attach. */
  static Vitals of(long pid) throws IOException, InterruptedException {
    long heap = Footprint.heapAfterGc(pid);
    Path proc = Path.of("/proc", Long.toString(pid));
    List<String> server = new ArrayList<>();
    long threads = 0;
    try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String name;
        try {
          name = Files.readString(task.resolve("comm")).strip();
        } catch (NoSuchFileException ended) {
          continue;
        }
        threads++;
        if (JVM_THREADS.stream().noneMatch(name::startsWith)) {
          server.add(name);
        }
      }
    }
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      Collections.sort(server);
      return new Vitals(heap, threads, server, fds.count(), histogram(pid));
    }
  }

  /** The classes whose live instances grew most since {@code before}, in bytes. */
  String growth(Vitals before, int top) {
    return classes.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.classes.getOrDefault(e.getKey(), 0L)))
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .map(e -> String.format("%s %+,d", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }

  /** Bytes of live instances per class, from {@code jcmd GC.class_histogram}. */
  private static Map<String, Long> histogram(long pid) throws IOException, InterruptedException {
    Map<String, Long> classes = new HashMap<>();
    for (String line : Footprint.jcmd(pid, "GC.class_histogram").split("\n")) {
      Matcher matcher = HISTOGRAM_LINE.matcher(line);
      if (matcher.find()) {
        classes.merge(matcher.group(2), Long.parseLong(matcher.group(1)), Long::sum);
      }
    }
    return classes;
  }

  @Override
  public String toString() {
    return String.format(
        "heap %.2f MiB, %d file descriptors, %d threads, %d of them the server's own %s",
        heap / 1048576.0, fds, threads, serverThreads.size(), serverThreads);
  }
}
