package io.jmanager.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The soak's end checks: what the server holds once every client is gone, against what the clients'
 * journals say they did. An operation in doubt (its client was SIGKILLed between calling it and
 * writing down the answer) may or may not have taken effect, so each check allows exactly what
 * those operations could have done, and nothing more; docs/SOAK.md states each rule.
 */
final class Invariants {
  private static final Set<String> DICT_OPS = Set.of("dput", "dremove", "dget");

  /** When each client's JVM was started, killed (if it was) and seen gone, on the shared clock. */
  record Lives(Map<Integer, Long> started, Map<Integer, Long> killed, Map<Integer, Long> exited) {}

  /** One check: its name, a line of figures, and what it found wrong, if anything. */
  record Check(String name, String figures, List<String> violations) {
    @Override
    public String toString() {
      return name + ": " + figures + (violations.isEmpty() ? ": ok" : ": VIOLATED");
    }
  }

  private final List<ClientLog> logs;
  private final Lives lives;

  Invariants(List<ClientLog> logs, Lives lives) {
    this.logs = logs;
    this.lives = lives;
  }

  /** Runs every check against what the server holds at the end. */
  List<Check> check(EndState end) {
    return List.of(
        clocks(),
        counter(end.counter()),
        ownCounters(end.counters()),
        jobs(end.drainedJobs()),
        LockSections.check(logs, lives.killed(), end.guarded(), end.lockProblem()),
        list(end.list()),
        ownKeys(end.dict()));
  }

  /**
   * Each journal's times fall between the runner's start of its JVM and the runner seeing it end.
   */
  private Check clocks() {
    List<String> found = new ArrayList<>();
    for (ClientLog log : logs) {
      long started = lives.started().get(log.client());
      long exited = lives.exited().get(log.client());
      if (log.started() >= 0 && (log.started() < started || log.last() > exited)) {
        found.add("client " + log.client() + " wrote times outside its life as the runner saw it");
      }
    }
    return new Check(
        "clock", "every journal time within its JVM's life on the runner's clock", found);
  }

  /** The server's count: every acknowledged increment, plus at most the ones in doubt. */
  private Check counter(long total) {
    List<String> found = new ArrayList<>();
    long acked = 0;
    long doubt = 0;
    Set<Long> answers = new HashSet<>();
    for (ClientLog log : logs) {
      for (Call call : log.calls("incr")) {
        if (!call.returned()) {
          doubt++;
          continue;
        }
        acked++;
        if (!answers.add(call.resultNumber())) {
          found.add("two increments were both answered " + call.result);
        }
      }
    }
    if (total < acked || total > acked + doubt) {
      found.add("server has " + total + ", expected " + acked + " to " + (acked + doubt));
    }
    return new Check(
        "counter (value addAndGet)",
        String.format("%,d acknowledged, %d in doubt, server %,d", acked, doubt, total),
        found);
  }

  /** Each client's own counter: its acknowledged merges, plus its one merge in doubt, if any. */
  private Check ownCounters(Map<String, Long> counters) {
    List<String> found = new ArrayList<>();
    long acked = 0;
    for (ClientLog log : logs) {
      long mine = 0;
      for (Call call : log.calls("merge")) {
        // Only this client merges into its counter, so each answer is one more than the last.
        if (call.returned() && call.resultNumber() != ++mine) {
          found.add(call + ", expected " + mine);
        }
      }
      long doubt = log.inDoubt() != null && log.inDoubt().op.equals("merge") ? 1 : 0;
      long total = counters.getOrDefault("c" + log.client(), 0L);
      if (total < mine || total > mine + doubt) {
        found.add(
            "client "
                + log.client()
                + ": server has "
                + total
                + ", expected "
                + mine
                + " to "
                + (mine + doubt));
      }
      acked += mine;
    }
    return new Check(
        "per-client counters (dict merge)",
        String.format("%,d acknowledged, exact per client", acked),
        found);
  }

  /**
   * The jobs queue: nothing taken twice, nothing that nobody put, and every acknowledged put taken
   * or still queued, except at most one item per take in doubt.
   */
  private Check jobs(List<String> drained) {
    List<String> found = new ArrayList<>();
    Set<String> acked = new HashSet<>();
    Set<String> attempted = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    int takesInDoubt = 0;
    for (ClientLog log : logs) {
      for (Call put : log.calls("put")) {
        attempted.add(put.arg(0));
        if (put.returned()) {
          acked.add(put.arg(0));
        }
      }
      for (Call poll : log.calls("poll")) {
        if (!poll.returned()) {
          takesInDoubt++;
        } else if (!poll.result.equals("null")) {
          seen.merge(poll.result, 1, Integer::sum);
        }
      }
    }
    int taken = seen.values().stream().mapToInt(Integer::intValue).sum();
    drained.forEach(item -> seen.merge(item, 1, Integer::sum));
    seen.forEach(
        (item, times) -> {
          if (times > 1) {
            found.add(item + " was delivered " + times + " times");
          }
          if (!attempted.contains(item)) {
            found.add(item + " was delivered but nobody put it");
          }
        });
    List<String> missing = acked.stream().filter(item -> !seen.containsKey(item)).sorted().toList();
    if (missing.size() > takesInDoubt) {
      found.add("lost: " + missing + " (only " + takesInDoubt + " takes were in doubt)");
    }
    return new Check(
        "jobs queue",
        String.format(
            "%,d puts acknowledged (+%d in doubt), %,d taken, %,d drained at the end,"
                + " %d acknowledged items unseen (allowed: %d takes in doubt)",
            acked.size(),
            attempted.size() - acked.size(),
            taken,
            drained.size(),
            missing.size(),
            takesInDoubt),
        found);
  }

  /** The list: every acknowledged append once, appends in doubt at most once, nothing else. */
  private Check list(List<String> list) {
    List<String> found = new ArrayList<>();
    Set<String> acked = new HashSet<>();
    Set<String> attempted = new HashSet<>();
    for (ClientLog log : logs) {
      for (Call add : log.calls("add")) {
        attempted.add(add.arg(0));
        if (add.returned()) {
          acked.add(add.arg(0));
        }
      }
    }
    Set<String> present = new HashSet<>();
    for (String item : list) {
      if (!present.add(item)) {
        found.add(item + " is in the list twice");
      }
      if (!attempted.contains(item)) {
        found.add(item + " is in the list but nobody added it");
      }
    }
    acked.stream()
        .filter(item -> !present.contains(item))
        .forEach(item -> found.add(item + " was lost"));
    return new Check(
        "list",
        String.format(
            "%,d elements = %,d acknowledged appends + %d of %d in doubt",
            list.size(), acked.size(), list.size() - acked.size(), attempted.size() - acked.size()),
        found);
  }

  /**
   * Each client's own dict keys, which only it touches: every answer matches the client's own
   * history, and each final value is the last acknowledged one, or the one in doubt.
   */
  private Check ownKeys(Map<String, Long> dict) {
    List<String> found = new ArrayList<>();
    Set<String> touched = new HashSet<>();
    int checked = 0;
    for (ClientLog log : logs) {
      Map<String, Long> mine = new HashMap<>();
      for (Call call : log.calls()) {
        if (!DICT_OPS.contains(call.op)) {
          continue;
        }
        touched.add(call.arg(0));
        if (call.returned()) {
          checked++;
          Long current = mine.get(call.arg(0));
          if (!Objects.equals(call.resultNumber(), current)) {
            found.add(call + ", expected " + current);
          }
          mine.put(call.arg(0), after(call, current));
        }
      }
      Call doubt =
          log.inDoubt() != null && DICT_OPS.contains(log.inDoubt().op) ? log.inDoubt() : null;
      if (doubt != null) {
        mine.putIfAbsent(doubt.arg(0), null);
      }
      mine.forEach(
          (key, value) -> {
            Set<Long> allowed = new HashSet<>();
            allowed.add(value);
            if (doubt != null && doubt.arg(0).equals(key)) {
              allowed.add(after(doubt, value));
            }
            if (!allowed.contains(dict.get(key))) {
              found.add(key + " is " + dict.get(key) + ", expected one of " + allowed);
            }
          });
    }
    dict.keySet().stream()
        .filter(key -> !touched.contains(key))
        .forEach(key -> found.add(key + " is in the dict but nobody wrote it"));
    return new Check(
        "own dict keys",
        String.format(
            "%,d answers match their client's history, %d final values", checked, dict.size()),
        found);
  }

  /** A key's value after a dict operation, null when absent. */
  private static Long after(Call call, Long current) {
    return switch (call.op) {
      case "dput" -> Long.valueOf(call.arg(1));
      case "dremove" -> null;
      default -> current;
    };
  }
}
