package io.jmanager.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A soak client's {@link Journal} read back: when it started, its calls, how it ended. */
record ClientLog(int client, long started, List<Call> calls, boolean stopped, long last) {
  /** Reads the journal of {@code client}. */
  static ClientLog read(int client, Path file) throws IOException {
    return parse(client, Files.readString(file, StandardCharsets.US_ASCII));
  }

  /** Parses a journal's text; a last line cut short by a SIGKILL is ignored. */
  static ClientLog parse(int client, String text) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    lines.remove(lines.size() - 1);
    long started = -1;
    long last = -1;
    boolean stopped = false;
    List<Call> calls = new ArrayList<>();
    Map<String, Call> bySeq = new HashMap<>();
    for (String line : lines) {
      String[] f = line.split(" ");
      long time = Long.parseLong(f[f[0].equals("S") || f[0].equals("X") ? 1 : 2]);
      last = Math.max(last, time);
      switch (f[0]) {
        case "S" -> started = time;
        case "X" -> stopped = true;
        case "B" -> {
          Call call = new Call(client, f[3], List.of(f).subList(4, f.length), time);
          calls.add(call);
          bySeq.put(f[1], call);
        }
        case "A" -> bySeq.get(f[1]).acquired = time;
        case "W" -> bySeq.get(f[1]).wrote = time;
        case "E" -> {
          bySeq.get(f[1]).ret = time;
          bySeq.get(f[1]).result = f[3];
        }
        default -> throw new IllegalArgumentException("client " + client + ": bad line " + line);
      }
    }
    return new ClientLog(client, started, calls, stopped, last);
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
