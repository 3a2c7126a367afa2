package io.jmanager.benchmarks;

import java.util.Arrays;

/** One operation read back from a {@link Journal}; its fields fill in as its lines are read. */
final class Call {
  /** The return time of an operation whose E line is missing. */
  static final long PENDING = Long.MAX_VALUE;

  final int client;
  final long seq;
  final String op;
  final long call;
  private final String[] args;
  long acquired = -1;
  long wrote = -1;
  long ret = PENDING;
  String result;

  Call(int client, long seq, String op, String[] args, long call) {
    this.client = client;
    this.seq = seq;
    this.op = op;
    this.args = args;
    this.call = call;
  }

  boolean returned() {
    return ret != PENDING;
  }

  String arg(int i) {
    return args[i];
  }

  /** The result as a number, or null when it was null. */
  Long resultNumber() {
    return result.equals("null") ? null : Long.valueOf(result);
  }

  @Override
  public String toString() {
    return "client "
        + client
        + " "
        + op
        + Arrays.toString(args)
        + (returned() ? " -> " + result : " (in doubt: its client died before the answer)");
  }
}
