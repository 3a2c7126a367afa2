package io.jmanager.benchmarks.linearizability;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A linearizability checker in the manner of Porcupine and Knossos: given a {@link Model} and a
 * history of {@link Operation}s from many clients, it decides whether the operations could have
 * taken effect one at a time, each at some instant between its call and its return, answering what
 * they answered. The history is split by {@link Model#partition}, and each part searched on its own
 * ({@link Search}); the search is exponential in the number of overlapping operations, so keep few
 * clients per part, and the budget turns a runaway search into an "undecided" answer.
 */
public final class Linearizability {
  /** Search steps per partition before it is reported undecided. */
  public static final long DEFAULT_BUDGET = 100_000_000L;

  private Linearizability() {}

  /**
   * What a check found: how many operations and partitions it checked, and a message per partition
   * that is not linearizable or that it could not decide within the budget.
   */
  public record Result(
      int operations, int partitions, List<String> violations, List<String> undecided) {
    /** Whether every partition is linearizable. */
    public boolean linearizable() {
      return violations.isEmpty() && undecided.isEmpty();
    }
  }

  /** Checks {@code history} against {@code model} with the default budget. */
  public static <S, I, O> Result check(Model<S, I, O> model, Collection<Operation<I, O>> history) {
    return check(model, history, DEFAULT_BUDGET);
  }

  /** Checks {@code history} against {@code model}, each partition within {@code budget} steps. */
  public static <S, I, O> Result check(
      Model<S, I, O> model, Collection<Operation<I, O>> history, long budget) {
    Map<Object, List<Operation<I, O>>> partitions = new LinkedHashMap<>();
    for (Operation<I, O> op : history) {
      partitions.computeIfAbsent(model.partition(op.input()), key -> new ArrayList<>()).add(op);
    }
    List<String> violations = new ArrayList<>();
    List<String> undecided = new ArrayList<>();
    partitions.forEach(
        (key, ops) -> {
          Search<S, I, O> search = new Search<>(model, ops);
          switch (search.run(budget)) {
            case VIOLATION -> violations.add(key + ": " + search.explain());
            case UNDECIDED -> undecided.add(key + ": no answer within " + budget + " steps");
            case LINEARIZABLE -> {}
          }
        });
    return new Result(history.size(), partitions.size(), violations, undecided);
  }
}
