package io.jmanager.benchmarks;

import io.jmanager.benchmarks.Invariants.Check;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The check of the soak's lock, from the times its holders wrote down. A client's critical section
 * runs from the moment it holds the lock (A line) to the acknowledgement of its write (W line),
 * after which it unlocks; a holder killed before its W line held the lock until it died, since it
 * had sent no unlock. On the shared clock no two sections may overlap, so sorted by their start
 * each must end before the next starts. The guarded count, read and written under the lock, must
 * equal the writes acknowledged, plus at most the holders killed before their W line. The time from
 * such a kill to the next section's start is how long the lock stayed with the dead client (plus
 * any time until someone wanted it).
 */
final class LockSections {
  private LockSections() {}

  /** Checks the sections, the guarded count and the lock's state at the end (null when free). */
  static Check check(
      List<ClientLog> logs, Map<Integer, Long> killed, long guarded, String lockProblem) {
    List<String> found = new ArrayList<>();
    List<Section> sections = new ArrayList<>();
    long written = 0;
    long doubt = 0;
    for (ClientLog log : logs) {
      for (Call call : log.calls("lock")) {
        if (call.wrote >= 0) {
          written++;
          sections.add(new Section(call, call.wrote, false));
        } else if (call.acquired >= 0) {
          doubt++;
          Long death = killed.get(call.client);
          sections.add(new Section(call, death == null ? call.acquired : death, death != null));
        }
      }
    }
    if (guarded < written || guarded > written + doubt) {
      found.add("guarded count " + guarded + ", expected " + written + " to " + (written + doubt));
    }
    List<Long> handovers = disjoint(sections, found);
    if (lockProblem != null) {
      found.add(lockProblem);
    }
    return new Check(
        "lock",
        String.format(
            "guarded count %,d for %,d acknowledged writes and %d in doubt; %,d critical sections"
                + " disjoint; free at the end; %s",
            guarded, written, doubt, sections.size(), describe(handovers)),
        found);
  }

  /** Notes overlapping sections; returns the times from a holder's kill to the next holder. */
  private static List<Long> disjoint(List<Section> sections, List<String> found) {
    sections.sort(Comparator.comparingLong(section -> section.call.acquired));
    List<Long> handovers = new ArrayList<>();
    for (int i = 1; i < sections.size(); i++) {
      Section before = sections.get(i - 1);
      Section after = sections.get(i);
      if (after.call.acquired <= before.end) {
        found.add(after.call + " held the lock while " + before.call + " still did");
      } else if (before.killed) {
        handovers.add(after.call.acquired - before.end);
      }
    }
    handovers.sort(null);
    return handovers;
  }

  private static String describe(List<Long> handovers) {
    if (handovers.isEmpty()) {
      return "no holder was killed";
    }
    return String.format(
        "%d holders killed, next holder %.1f ms later (median), %.1f ms (max)",
        handovers.size(),
        handovers.get(handovers.size() / 2) / 1e6,
        handovers.get(handovers.size() - 1) / 1e6);
  }

  /** A time a client certainly held the lock: from its A line to {@code end}. */
  private record Section(Call call, long end, boolean killed) {}
}
