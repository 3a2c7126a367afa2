package io.jmanager.protocol;

import java.time.Duration;

/**
 * Timeouts in nanoseconds, with saturating arithmetic: a timeout too long to count in a {@code
 * long} of nanoseconds (about 292 years) is {@link Long#MAX_VALUE}, as {@link
 * java.util.concurrent.TimeUnit#toNanos} gives it, and means a wait without limit. A sum that would
 * overflow saturates there too, so no deadline ever wraps into the past.
 */
public final class Timeouts {
  /** The timeout of a parked call that waits without limit, as it travels in a request. */
  public static final long FOREVER = -1;

  private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

  private Timeouts() {}

  /** {@code timeout} in nanoseconds: 0 if negative, {@link Long#MAX_VALUE} if too long to count. */
  public static long nanos(Duration timeout) {
    if (timeout.isNegative()) {
      return 0;
    }
    return timeout.compareTo(LONGEST) >= 0 ? Long.MAX_VALUE : timeout.toNanos();
  }

  /** The sum of two timeouts of zero or more, {@link Long#MAX_VALUE} if it would overflow. */
  public static long plus(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** {@code a - b}, saturating at {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE}. */
  public static long minus(long a, long b) {
    long difference = a - b;
    if (((a ^ b) & (a ^ difference)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return difference;
  }

  /** Whether a timeout is a wait without limit: below zero, or too long to count. */
  public static boolean unlimited(long timeoutNanos) {
    return timeoutNanos < 0 || timeoutNanos == Long.MAX_VALUE;
  }
}
