package io.jmanager.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.benchmarks.Invariants.Check;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvariantsTest {
  private final Map<Integer, String> journals = new HashMap<>();
  private final Map<Integer, Long> killed = new HashMap<>();
  private long counter;
  private final Map<String, Long> counters = new HashMap<>();
  private long guarded;
  private final List<String> list = new ArrayList<>();
  private final Map<String, Long> dict = new HashMap<>();
  private final List<String> drained = new ArrayList<>();

  /** Adds journal lines of {@code client}, which started at time 1 unless a line says so. */
  private void journal(int client, String... lines) {
    journals.merge(client, "S 1 100\n" + String.join("\n", lines) + "\n", (a, b) -> a + b);
  }

  private Map<String, Check> check() {
    List<ClientLog> logs = new ArrayList<>();
    journals.forEach((client, text) -> logs.add(ClientLog.parse(client, text)));
    Map<Integer, Long> started = new HashMap<>();
    Map<Integer, Long> exited = new HashMap<>();
    journals.keySet().forEach(client -> started.put(client, 0L));
    journals.keySet().forEach(client -> exited.put(client, 1_000_000L));
    EndState end = new EndState(counter, counters, guarded, list, dict, drained, null, List.of());
    Map<String, Check> checks = new HashMap<>();
    for (Check check :
        new Invariants(logs, new Invariants.Lives(started, killed, exited)).check(end)) {
      checks.put(check.name().split(" ")[0], check);
    }
    return checks;
  }

  private List<String> violations(String check) {
    return check().get(check).violations();
  }

  @Test
  void counter_exact_withOneIncrementInDoubt_allowsOneMore() {
    journal(1, "B 1 10 incr", "E 1 20 1", "B 2 30 incr");
    counter = 2;

    assertThat(violations("counter")).isEmpty();

    counter = 3;
    assertThat(violations("counter")).singleElement().asString().contains("expected 1 to 2");
  }

  @Test
  void counter_twoIncrementsWithTheSameAnswer_isAViolation() {
    journal(1, "B 1 10 incr", "E 1 20 1");
    journal(2, "B 1 10 incr", "E 1 20 1");
    counter = 2;

    assertThat(violations("counter")).singleElement().asString().contains("both answered 1");
  }

  @Test
  void jobs_itemTakenTwice_orNeverPut_isAViolation() {
    journal(1, "B 1 10 put c1-1", "E 1 20 null");
    journal(2, "B 1 30 poll", "E 1 40 c1-1");
    journal(3, "B 1 30 poll", "E 1 40 c1-1", "B 2 50 poll", "E 2 60 c9-9");

    assertThat(violations("jobs"))
        .anyMatch(v -> v.contains("c1-1 was delivered 2 times"))
        .anyMatch(v -> v.contains("c9-9 was delivered but nobody put it"));
  }

  @Test
  void jobs_acknowledgedItemUnseen_isLost_unlessATakeIsInDoubt() {
    journal(1, "B 1 10 put c1-1", "E 1 20 null", "B 2 30 put c1-2", "E 2 40 null");
    drained.add("c1-2");

    assertThat(violations("jobs")).singleElement().asString().contains("lost: [c1-1]");

    journal(2, "B 1 30 poll");
    assertThat(violations("jobs")).isEmpty();
  }

  @Test
  void lock_overlappingSections_areAViolation() {
    journal(1, "B 1 10 lock", "A 1 20", "W 1 40", "E 1 50 1");
    journal(2, "B 1 10 lock", "A 1 30", "W 1 60", "E 1 70 2");
    guarded = 2;

    assertThat(violations("lock")).singleElement().asString().contains("still did");
  }

  @Test
  void lock_takenFromAHolderBeforeItWasKilled_isAViolation_andAfterIsAHandover() {
    journal(1, "B 1 10 lock", "A 1 20");
    journal(2, "B 1 10 lock", "A 1 100", "W 1 110", "E 1 120 1");
    guarded = 1;
    killed.put(1, 50L);

    assertThat(check().get("lock").violations()).isEmpty();
    assertThat(check().get("lock").figures()).contains("1 holders killed");

    killed.put(1, 150L);
    assertThat(violations("lock")).singleElement().asString().contains("still did");
  }

  @Test
  void lock_guardedCountBelowTheAcknowledgedWrites_isALostUpdate() {
    journal(1, "B 1 10 lock", "A 1 20", "W 1 30", "E 1 40 1");
    journal(2, "B 1 50 lock", "A 1 60", "W 1 70", "E 1 80 1");
    guarded = 1;

    assertThat(violations("lock")).singleElement().asString().contains("expected 2 to 2");
  }

  @Test
  void list_lostOrDuplicatedAppend_isAViolation() {
    journal(1, "B 1 10 add c1-1", "E 1 20 true", "B 2 30 add c1-2", "E 2 40 true");
    list.addAll(List.of("c1-2", "c1-2"));

    assertThat(violations("list"))
        .anyMatch(v -> v.contains("c1-1 was lost"))
        .anyMatch(v -> v.contains("c1-2 is in the list twice"));
  }

  @Test
  void ownKeys_staleAnswer_orWrongFinalValue_isAViolation() {
    journal(1, "B 1 10 dput c1-k0 5", "E 1 20 null", "B 2 30 dget c1-k0", "E 2 40 null");
    dict.put("c1-k0", 6L);

    assertThat(violations("own"))
        .anyMatch(v -> v.contains("expected 5"))
        .anyMatch(v -> v.contains("c1-k0 is 6"));
  }

  @Test
  void ownKeys_writeInDoubt_mayOrMayNotHaveLanded() {
    journal(1, "B 1 10 dput c1-k0 5", "E 1 20 null", "B 2 30 dremove c1-k0");

    assertThat(violations("own")).isEmpty();
    dict.put("c1-k0", 5L);
    assertThat(violations("own")).isEmpty();
  }

  @Test
  void journalTimeOutsideTheClientsLife_meansTheClocksDiffer() {
    journal(1, "B 1 10 incr", "E 1 2000000 1");
    counter = 1;

    assertThat(violations("clock")).hasSize(1);
  }
}
