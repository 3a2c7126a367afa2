package io.jmanager.benchmarks.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Unbounded FIFO queues of {@code long} items, one per name, each starting empty: {@code offer}
 * answers {@link Boolean#TRUE}; {@code poll} answers the head, or null when the queue is empty.
 */
public final class QueueModel implements Model<List<Long>, QueueModel.Input, Object> {
  /** What a queue operation does. */
  public enum Kind {
    OFFER,
    POLL
  }

  /** One operation on the queue {@code queue}, offering {@code item} for {@link Kind#OFFER}. */
  public record Input(Kind kind, String queue, long item) {
    /** Adds {@code item} at the tail. */
    public static Input offer(String queue, long item) {
      return new Input(Kind.OFFER, queue, item);
    }

    /** Removes the head, if any. */
    public static Input poll(String queue) {
      return new Input(Kind.POLL, queue, 0);
    }

    @Override
    public String toString() {
      String name = kind.name().toLowerCase(Locale.ROOT) + "(" + queue;
      return kind == Kind.OFFER ? name + ", " + item + ")" : name + ")";
    }
  }

  @Override
  public List<Long> init() {
    return List.of();
  }

  @Override
  public List<Long> step(List<Long> state, Input input, Object output) {
    return switch (input.kind()) {
      case OFFER -> Boolean.TRUE.equals(output) ? stepUnanswered(state, input) : null;
      case POLL ->
          state.isEmpty()
              ? (output == null ? state : null)
              : (state.get(0).equals(output) ? stepUnanswered(state, input) : null);
    };
  }

  @Override
  public List<Long> stepUnanswered(List<Long> state, Input input) {
    if (input.kind() == Kind.POLL) {
      return state.isEmpty() ? state : List.copyOf(state.subList(1, state.size()));
    }
    List<Long> next = new ArrayList<>(state.size() + 1);
    next.addAll(state);
    next.add(input.item());
    return List.copyOf(next);
  }

  @Override
  public Object partition(Input input) {
    return input.queue();
  }
}
