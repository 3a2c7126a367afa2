package io.jmanager.benchmarks;

/** One measured run: throughput, latency percentiles in microseconds, and its checked state. */
record Result(
    String peer,
    Workload workload,
    int threads,
    double opsPerSecond,
    double p50Micros,
    double p99Micros,
    double p999Micros,
    String check) {}
