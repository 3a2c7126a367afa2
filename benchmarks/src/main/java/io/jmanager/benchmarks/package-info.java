/**
 * The measurements recorded in {@code BENCHMARKS.md}, one main class each: {@link
 * io.jmanager.benchmarks.Throughput} against Redis and Python's Manager, and the footprint, many
 * connections, lock release after a kill, parked cancels, dict keys, pools and exhaustion attempts.
 * The soak ({@link io.jmanager.benchmarks.Soak}) runs client JVMs that journal every call while one
 * is killed every few seconds, then checks the server's end state against the journals and the
 * histories for linearizability. Daemons run in JVMs of their own, started from the server jar.
 */
package io.jmanager.benchmarks;
