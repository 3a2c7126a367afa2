package io.jmanager.benchmarks.linearizability;

/**
 * The sequential specification of an object: its initial state and what each operation does to a
 * state. States must be immutable and compare by value, since the checker remembers the (state,
 * operations done) pairs it has tried.
 *
 * @param <S> the object's state, never null
 * @param <I> what an operation is asked
 * @param <O> what it answers
 */
public interface Model<S, I, O> {
  /** The state before any operation. */
  S init();

  /**
   * The state after an operation asked {@code input} and answering {@code output} from {@code
   * state}, or null when the object in that state could not have given that answer.
   */
  S step(S state, I input, O output);

  /**
   * The state after an operation whose answer nobody saw, taking effect from {@code state}; it is
   * never refused, since the checker may also place it after every other operation.
   */
  S stepUnanswered(S state, I input);

  /**
   * The independent part of the object that {@code input} touches (a key, a queue's name):
   * operations on different parts are checked separately, which is sound for objects made of
   * independent parts and keeps each search small.
   */
  default Object partition(I input) {
    return "";
  }
}
