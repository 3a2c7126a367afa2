/**
 * A linearizability checker in the manner of Porcupine and Knossos: a history of {@link
 * io.jmanager.benchmarks.linearizability.Operation}s is partitioned by object, and each partition
 * searched for an order, consistent with real time, that a sequential {@link
 * io.jmanager.benchmarks.linearizability.Model} (a register, a FIFO queue) accepts. The soak uses
 * it on the histories its clients journal.
 */
package io.jmanager.benchmarks.linearizability;
