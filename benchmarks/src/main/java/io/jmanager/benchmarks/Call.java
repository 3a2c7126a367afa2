package io.jmanager.benchmarks;

import java.util.List;

/** One operation read back from a {@link Journal}; its fields fill in as its lines are read. */
final class Call {
  /** The return time of an operation whose E line is missing. */
  static final long PENDING = Long.MAX_VALUE;

  final int client;
  final String op;
  final List<String> args;
  final long call;
  long acquired = -1;
  long wrote = -1;
  long ret = PENDING;
  String result;

  Call(int client, String op, List<String> args, long call) {
    this.client = client;
    this.op = op;
    this.args = args;
    this.call = call;
  }

  boolean returned() {
    return ret != PENDING;
  }

  String arg(int i) {
    return args.get(i);
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
        + args
        + (returned() ? " -> " + result : " (in doubt: its client died before the answer)");
  }
}
