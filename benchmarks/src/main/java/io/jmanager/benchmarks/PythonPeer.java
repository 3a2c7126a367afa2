package io.jmanager.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code multiprocessing.Manager}, run by {@code benchmarks/python/manager_bench.py} with
 * one client process per thread; it measures itself, so the harness only reads its report.
 */
final class PythonPeer {
  private static final Pattern NUMBER = Pattern.compile("\"%s\": ([0-9.]+)");

  private final Path script;

  PythonPeer(Path script) {
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(script + " is missing");
    }
    this.script = script;
  }

  /** Whether {@code python3} is on the PATH. */
  static boolean installed() {
    return Tools.onPath("python3");
  }

  /** Whether the script covers the workload (it has no pipelined form). */
  static boolean covers(Workload workload) {
    return workload != Workload.MAP_ASYNC;
  }

  /** Runs the workload with {@code processes} client processes and returns its result. */
  Result run(Workload workload, int processes, double warmupSeconds, double seconds)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                "python3",
                script.toString(),
                workload.option(),
                Integer.toString(processes),
                Double.toString(warmupSeconds),
                Double.toString(seconds))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor((long) (warmupSeconds + seconds) + 120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the Python benchmark did not finish");
    }
    String json = new String(output, StandardCharsets.UTF_8);
    if (process.exitValue() != 0 || !json.contains("\"ok\": true")) {
      throw new IllegalStateException("the Python benchmark failed: " + json.strip());
    }
    Matcher check = Pattern.compile("\"check\": \"([^\"]*)\"").matcher(json);
    return new Result(
        "python",
        workload,
        processes,
        number(json, "ops_per_second"),
        number(json, "p50_us"),
        number(json, "p99_us"),
        number(json, "p999_us"),
        check.find() ? check.group(1) : "");
  }

  private static double number(String json, String name) {
    Matcher matcher = Pattern.compile(String.format(NUMBER.pattern(), name)).matcher(json);
    if (!matcher.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return Double.parseDouble(matcher.group(1));
  }
}
