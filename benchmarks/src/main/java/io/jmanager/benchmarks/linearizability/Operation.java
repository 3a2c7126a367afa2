package io.jmanager.benchmarks.linearizability;

/**
 * One operation of a history: the client that ran it, what it was asked and answered, and when it
 * was called and returned on a clock all clients share. An operation whose caller died before
 * seeing the answer is pending: it returns at {@link #PENDING} (never) and its output is unknown.
 *
 * @param <I> what an operation is asked
 * @param <O> what it answers
 */
public record Operation<I, O>(int client, I input, O output, long call, long ret) {
  /** The return time of a pending operation: after everything else. */
  public static final long PENDING = Long.MAX_VALUE;

  /** Checks that the operation returns no earlier than it was called. */
  public Operation {
    if (ret < call) {
      throw new IllegalArgumentException("returns at " + ret + " before its call at " + call);
    }
  }

  /** An operation whose answer its caller saw. */
  public static <I, O> Operation<I, O> returned(
      int client, I input, O output, long call, long ret) {
    return new Operation<>(client, input, output, call, ret);
  }

  /**
   * An operation whose caller died before seeing an answer: it may or may not have taken effect.
   */
  public static <I, O> Operation<I, O> pending(int client, I input, long call) {
    return new Operation<>(client, input, null, call, PENDING);
  }

  /** Whether nobody saw this operation's answer. */
  public boolean isPending() {
    return ret == PENDING;
  }

  @Override
  public String toString() {
    return "client "
        + client
        + " "
        + input
        + (isPending() ? " -> ? (pending)" : " -> " + output)
        + " ["
        + call
        + ", "
        + (isPending() ? "never" : ret)
        + "]";
  }
}
