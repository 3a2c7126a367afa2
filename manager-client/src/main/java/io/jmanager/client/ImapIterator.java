package io.jmanager.client;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeoutException;

/**
 * The results of {@link Pool#imap} or {@link Pool#imapUnordered}, Python's {@code IMapIterator}:
 * {@link #next()} waits for the next result as long as it takes, {@link #next(Duration)} at most a
 * while, as Python's {@code next(timeout)}. Not thread-safe: one thread reads it.
 *
 * <h2>Errors</h2>
 *
 * <p>Both {@code next} methods throw a failed task's exception in place of its results ({@link
 * TaskFailedException}, {@link WorkerLostException}, or what the pool failed with, such as {@link
 * java.util.concurrent.CancellationException} once it was terminated), then go on with the next
 * results; {@link java.util.NoSuchElementException} when none is left. {@link #next()},
 * interrupted, throws {@link java.util.concurrent.CancellationException} with the interrupt flag
 * set; {@link #next(Duration)} throws {@link InterruptedException} and {@link TimeoutException} as
 * it says.
 *
 * @param <R> the result type
 */
public interface ImapIterator<R> extends Iterator<R> {
  /**
   * Returns the next result, waiting at most {@code timeout} for it. Throws {@link
   * TimeoutException} (Python's {@code multiprocessing.TimeoutError}) when none came in time,
   * leaving this iterator as it was, so a later call returns that result; {@link
   * InterruptedException} when interrupted while waiting, likewise.
   */
  R next(Duration timeout) throws InterruptedException, TimeoutException;
}
