package io.jmanager.benchmarks.linearizability;

import java.util.Locale;
import java.util.Objects;

/**
 * A register of {@code long}s per key, each starting at {@code 0}: reads, blind writes, swaps
 * (writes answering the value they replaced) and compare-and-set. Outputs: the value read or
 * replaced for {@link Kind#READ} and {@link Kind#SWAP}, a {@link Boolean} for {@link Kind#CAS},
 * anything for {@link Kind#WRITE}.
 */
public final class RegisterModel implements Model<Long, RegisterModel.Input, Object> {
  /** What a register operation does. */
  public enum Kind {
    READ,
    WRITE,
    SWAP,
    CAS
  }

  /** One operation on the register {@code key}: writes {@code value}, if {@code expected} (CAS). */
  public record Input(Kind kind, String key, long value, long expected) {
    /** Reads the register. */
    public static Input read(String key) {
      return new Input(Kind.READ, key, 0, 0);
    }

    /** Writes {@code value}, answering nothing. */
    public static Input write(String key, long value) {
      return new Input(Kind.WRITE, key, value, 0);
    }

    /** Writes {@code value}, answering the value it replaced. */
    public static Input swap(String key, long value) {
      return new Input(Kind.SWAP, key, value, 0);
    }

    /** Writes {@code value} if the register holds {@code expected}, answering whether it did. */
    public static Input cas(String key, long expected, long value) {
      return new Input(Kind.CAS, key, value, expected);
    }

    @Override
    public String toString() {
      String name = kind.name().toLowerCase(Locale.ROOT) + "(" + key;
      return switch (kind) {
        case READ -> name + ")";
        case CAS -> name + ", " + expected + ", " + value + ")";
        case WRITE, SWAP -> name + ", " + value + ")";
      };
    }
  }

  @Override
  public Long init() {
    return 0L;
  }

  @Override
  public Long step(Long state, Input input, Object output) {
    return switch (input.kind()) {
      case READ -> state.equals(output) ? state : null;
      case WRITE -> input.value();
      case SWAP -> state.equals(output) ? input.value() : null;
      case CAS ->
          Objects.equals(output, state == input.expected()) ? stepUnanswered(state, input) : null;
    };
  }

  @Override
  public Long stepUnanswered(Long state, Input input) {
    return switch (input.kind()) {
      case READ -> state;
      case WRITE, SWAP -> input.value();
      case CAS -> state == input.expected() ? input.value() : state;
    };
  }

  @Override
  public Object partition(Input input) {
    return input.key();
  }
}
