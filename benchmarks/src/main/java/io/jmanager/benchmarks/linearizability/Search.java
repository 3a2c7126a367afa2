package io.jmanager.benchmarks.linearizability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The search for a linearization of one partition of a history: Wing and Gong's backtracking over
 * the call and return events in time order, with Lowe's memoization of (operations linearized,
 * state) pairs, as Porcupine implements it.
 *
 * <p>The events form a doubly linked list. Walking it from the start, a call event is tried: if the
 * model accepts the operation in the current state and the resulting (set, state) pair is new, the
 * operation is linearized there, its two events are unlinked, and the walk restarts from the head.
 * Reaching a return event means an operation that has returned was not linearized before it, so the
 * last choice is undone (its events relinked) and the walk goes on after it. The history is
 * linearizable when the list empties and violates linearizability when a return event is reached
 * with nothing left to undo. Pending operations return after everything, so they never force a
 * backtrack; leaving one to the very end is the same as its never having taken effect.
 */
final class Search<S, I, O> {
  /** How a search ended. */
  enum Outcome {
    LINEARIZABLE,
    VIOLATION,
    UNDECIDED
  }

  private final Model<S, I, O> model;
  private final Entry<I, O> head = new Entry<>(null, -1, false, Long.MIN_VALUE);
  private final int size;
  private int deepest = -1;
  private Operation<I, O> stuckAt;
  private S stuckState;

  Search(Model<S, I, O> model, List<Operation<I, O>> history) {
    this.model = model;
    this.size = history.size();
    // Numbered in call order, so the operations linearized are mostly a prefix (see Memo).
    List<Operation<I, O>> byCall = new ArrayList<>(history);
    byCall.sort(Comparator.comparingLong(Operation::call));
    List<Entry<I, O>> events = new ArrayList<>(2 * size);
    for (int id = 0; id < size; id++) {
      Operation<I, O> op = byCall.get(id);
      Entry<I, O> call = new Entry<>(op, id, true, op.call());
      call.match = new Entry<>(op, id, false, op.ret());
      events.add(call);
      events.add(call.match);
    }
    // At equal times calls come first, so touching operations count as concurrent.
    events.sort(Comparator.<Entry<I, O>>comparingLong(e -> e.time).thenComparing(e -> !e.call));
    Entry<I, O> previous = head;
    for (Entry<I, O> event : events) {
      previous.next = event;
      event.prev = previous;
      previous = event;
    }
  }

  /** Searches for at most {@code budget} steps. */
  Outcome run(long budget) {
    S state = model.init();
    BitSet linearized = new BitSet(size);
    Set<Memo> tried = new HashSet<>();
    Deque<Frame<I, O, S>> done = new ArrayDeque<>();
    Entry<I, O> entry = head.next;
    for (long steps = 0; head.next != null; steps++) {
      if (steps == budget) {
        return Outcome.UNDECIDED;
      }
      if (entry.call) {
        S next = apply(state, entry.op);
        if (next != null) {
          linearized.set(entry.id);
          if (tried.add(Memo.of(linearized, next))) {
            done.push(new Frame<>(entry, state));
            state = next;
            lift(entry);
            entry = head.next;
            continue;
          }
          linearized.clear(entry.id);
        }
        entry = entry.next;
      } else {
        noteStuck(done.size(), entry.op, state);
        if (done.isEmpty()) {
          return Outcome.VIOLATION;
        }
        Frame<I, O, S> last = done.pop();
        state = last.state();
        linearized.clear(last.entry().id);
        unlift(last.entry());
        entry = last.entry().next;
      }
    }
    return Outcome.LINEARIZABLE;
  }

  /** Where the search got furthest before it had to give up, for a violation's message. */
  String explain() {
    String state = String.valueOf(stuckState);
    return String.format(
        "at most %d of %d operations linearize; then %s cannot, the object being %s",
        deepest, size, stuckAt, state.length() > 200 ? state.substring(0, 200) + "..." : state);
  }

  private S apply(S state, Operation<I, O> op) {
    return op.isPending()
        ? model.stepUnanswered(state, op.input())
        : model.step(state, op.input(), op.output());
  }

  private void noteStuck(int linearized, Operation<I, O> op, S state) {
    if (linearized > deepest) {
      deepest = linearized;
      stuckAt = op;
      stuckState = state;
    }
  }

  /** Unlinks an operation's call and return events; its return always comes after its call. */
  private void lift(Entry<I, O> call) {
    call.prev.next = call.next;
    call.next.prev = call.prev;
    Entry<I, O> ret = call.match;
    ret.prev.next = ret.next;
    if (ret.next != null) {
      ret.next.prev = ret.prev;
    }
  }

  /** Relinks what {@link #lift} unlinked, in the reverse order. */
  private void unlift(Entry<I, O> call) {
    Entry<I, O> ret = call.match;
    ret.prev.next = ret;
    if (ret.next != null) {
      ret.next.prev = ret;
    }
    call.prev.next = call;
    call.next.prev = call;
  }

  /** A call or return event in the list. */
  private static final class Entry<I, O> {
    final Operation<I, O> op;
    final int id;
    final boolean call;
    final long time;
    Entry<I, O> match;
    Entry<I, O> prev;
    Entry<I, O> next;

    Entry(Operation<I, O> op, int id, boolean call, long time) {
      this.op = op;
      this.id = id;
      this.call = call;
      this.time = time;
    }
  }

  /** An operation linearized and the state before it, to undo it. */
  private record Frame<I, O, S>(Entry<I, O> entry, S state) {}

  /**
   * A configuration already explored: which operations are linearized, and the state. Operations
   * are numbered in call order, and those linearized are all the ones numbered below the first that
   * is not, plus a few after it; the set is stored as that number and the bits after it, a window
   * about as wide as the overlap between operations, instead of a bit per operation.
   */
  private record Memo(int prefix, BitSet window, Object state) {
    static Memo of(BitSet linearized, Object state) {
      int prefix = linearized.nextClearBit(0);
      return new Memo(prefix, linearized.get(prefix, Math.max(prefix, linearized.length())), state);
    }
  }
}
