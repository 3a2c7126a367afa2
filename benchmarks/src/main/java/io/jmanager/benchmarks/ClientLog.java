package io.jmanager.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A soak client's {@link Journal} read back: when it started, its calls, how it ended. */
record ClientLog(int client, long started, List<Call> calls, boolean stopped, long last) {
  /** Reads the journal of {@code client}. */
  static ClientLog read(int client, Path file) throws IOException {
    return parse(client, Files.readString(file, StandardCharsets.US_ASCII));
  }

  /**
   * Parses a journal's text. A client runs one operation at a time, so every A, W and E line
   * belongs to the latest B line. A line cut short (a write interrupted by the SIGKILL) lacks its
   * newline and is ignored.
   */
  static ClientLog parse(int client, String text) {
    long started = -1;
    long last = -1;
    boolean stopped = false;
    List<Call> calls = new ArrayList<>();
    Call current = null;
    for (String line :
        (Iterable<String>) text.substring(0, text.lastIndexOf('\n') + 1).lines()::iterator) {
      String[] f = line.split(" ");
      long time = Long.parseLong(f[f[0].equals("S") || f[0].equals("X") ? 1 : 2]);
      last = Math.max(last, time);
      switch (f[0]) {
        case "S" -> started = time;
        case "X" -> stopped = true;
        case "B" -> {
          current =
              new Call(
                  client,
                  Long.parseLong(f[1]),
                  f[3].intern(),
                  Arrays.copyOfRange(f, 4, f.length),
                  time);
          calls.add(current);
        }
        case "A" -> latest(current, f).acquired = time;
        case "W" -> latest(current, f).wrote = time;
        case "E" -> {
          latest(current, f).ret = time;
          current.result = f[3];
        }
        default -> throw new IllegalArgumentException("client " + client + ": bad line " + line);
      }
    }
    return new ClientLog(client, started, calls, stopped, last);
  }

  private static Call latest(Call current, String[] line) {
    if (current == null || current.seq != Long.parseLong(line[1])) {
      throw new IllegalArgumentException(
          "a line for an operation not begun: " + String.join(" ", line));
    }
    return current;
  }

  /** This client's calls of operation {@code op}, in order. */
  List<Call> calls(String op) {
    return calls.stream().filter(call -> call.op.equals(op)).toList();
  }

  /** The call this client died in, if it died in one; else null. */
  Call inDoubt() {
    Call last = calls.isEmpty() ? null : calls.get(calls.size() - 1);
    return last == null || last.returned() ? null : last;
  }
}
