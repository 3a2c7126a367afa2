package io.jmanager.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputReportTest {
  private static Result result(String peer, int threads, double opsPerSecond) {
    return new Result(peer, Workload.MAP, threads, opsPerSecond, 50, 99, 999, "checked");
  }

  @Test
  void markdown_withDurableAndRedisAlways_showsARowForEachAndTheirRatioPerThreadCount() {
    List<Result> results =
        List.of(
            result("jmanager-durable", 1, 20),
            result("redis-always", 1, 1_000),
            result("jmanager-durable", 16, 9_000),
            result("redis-always", 16, 12_000));

    String markdown = Throughput.Report.markdown(results, List.of(), List.of(), 3, 5, 16);

    assertThat(markdown)
        .contains("| 16 | jmanager-durable | 9,000 | 50 | 99 | 999 |")
        .contains("| 16 | redis-always | 12,000 | 50 | 99 | 999 |")
        .contains("jmanager-durable / redis-always: 1 thread 0.020x, 16 threads 0.75x.");
  }

  @Test
  void markdown_withoutRedisAlways_hasNoDurableRatioLine() {
    List<Result> results = List.of(result("jmanager-durable", 16, 9_000));

    String markdown = Throughput.Report.markdown(results, List.of(), List.of(), 3, 5, 16);

    assertThat(markdown).doesNotContain("jmanager-durable / redis-always");
  }
}
