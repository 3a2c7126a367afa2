package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's budget for the data its shared objects hold, as Redis's {@code maxmemory} with the
 * {@code noeviction} policy: an operation that would add data past it is refused with MEMORY and
 * changes nothing, while reads, removals and takes go on, and once enough is removed, additions
 * succeed again. Every object counts what it holds ({@link SharedObject#grow}); deleting it gives
 * all of that back.
 *
 * <p>What is counted is an estimate of the heap each piece takes (a value's array, an entry's slot
 * in its table), made from the operations alone, never measured, so that the same operations always
 * give the same count. User-registered types are counted only as objects, not for what their
 * instances hold. Thread-safe: objects on every event loop reserve and release.
 */
final class MemoryBudget {
  /** A budget that refuses nothing, for objects made outside a server, as tests make them. */
  static final MemoryBudget UNLIMITED = new MemoryBudget(Long.MAX_VALUE);

  private volatile long limit;

  /**
   * Striped, since every growing call of every object counts here: calls on several event loops at
   * the very same moment may together pass the budget by one call each, as Redis's own check, made
   * before each command, may.
   */
  private final LongAdder used = new LongAdder();

  MemoryBudget(long limit) {
    this.limit = limit;
  }

  /** Heap a serialized value takes: its array's header and bytes, in 8-byte words. */
  static long of(byte[] value) {
    return (16 + value.length + 7) & ~7L;
  }

  /** Heap a string takes: the object, its array's header and up to two bytes a char. */
  static long of(String text) {
    return 40 + 2L * text.length();
  }

  long limit() {
    return limit;
  }

  /** Changes the limit; what is counted already stays counted, even past it. */
  void limit(long bytes) {
    this.limit = bytes;
  }

  /** Bytes counted now. */
  long used() {
    return used.sum();
  }

  /** Counts {@code bytes} an operation is about to add if they fit; returns whether they did. */
  boolean tryReserve(long bytes) {
    if (used.sum() + bytes > limit) {
      return false;
    }
    used.add(bytes);
    return true;
  }

  /** The MEMORY refusal of {@code what}, which did not fit. */
  OpException refusal(String what) {
    return new OpException(
        ErrorCode.MEMORY,
        what
            + " would take the data the server holds past its memory budget of "
            + limit
            + " bytes ("
            + used.sum()
            + " used): refused, nothing changed; remove data or raise --max-memory-bytes");
  }

  /** Counts {@code bytes} that must be kept whether they fit or not, such as a pool's result. */
  void add(long bytes) {
    used.add(bytes);
  }

  /** Stops counting {@code bytes} that were given back. */
  void release(long bytes) {
    used.add(-bytes);
  }
}
