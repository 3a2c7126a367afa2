package io.jmanager.server;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One entry of the durable log: the inputs of the server's state that arrived while the previous
 * entry was being written, in the order they arrived, stamped with the leader's clock. Applying an
 * entry replays them in that order; nothing else enters the state.
 *
 * <pre>
 * entry:  time (int64, epoch ns) | count (int32) | input ...
 * input:  kind (int8) | session (int64) | the kind's fields
 *   OPEN           admin (int8)
 *   REQUEST        length (int32) | a request frame's body, as the client sent it
 *   CANCEL         request id (int64)
 *   CLOSE
 *   EXPIRE         request id (int64)
 *   DELIVERED      request id (int64)
 *   UNDELIVERABLE  request id (int64)
 *   LIMITS         memory budget (int64) | parked calls per session (int32) | overall (int32)
 * </pre>
 *
 * A builder is not thread-safe: the {@link Proposer} fills it under its lock.
 */
final class Batch {
  /** What an input does; the ordinals are the log's format, so append only. */
  enum Kind {
    OPEN,
    REQUEST,
    CANCEL,
    CLOSE,
    EXPIRE,
    DELIVERED,
    UNDELIVERABLE,
    LIMITS
  }

  /** What applies the inputs of an entry, in their order. */
  interface Target {
    void open(long session, boolean admin, long time);

    void request(long session, byte[] frame, int offset, int length, long time);

    /** A session's own input about one of its requests: CANCEL, EXPIRE, (UN)DELIVERED. */
    void about(Kind kind, long session, long requestId, long time);

    void close(long session, long time);

    /** New limits, for every session: a LIMITS input, whose session is 0. */
    void limits(ManagerState.Limits limits);
  }

  private byte[] bytes = new byte[256];
  private int length;
  private int count;

  /** Appends a session's input that carries no field beyond its session: CLOSE. */
  void add(Kind kind, long session) {
    room(9);
    bytes[length++] = (byte) kind.ordinal();
    putLong(session);
    count++;
  }

  void open(long session, boolean admin) {
    add(Kind.OPEN, session);
    room(1);
    bytes[length++] = (byte) (admin ? 1 : 0);
  }

  void request(long session, byte[] frame, int offset, int frameLength) {
    add(Kind.REQUEST, session);
    room(4 + frameLength);
    putInt(frameLength);
    System.arraycopy(frame, offset, bytes, length, frameLength);
    length += frameLength;
  }

  /** Appends an input about one request: CANCEL, EXPIRE, DELIVERED or UNDELIVERABLE. */
  void about(Kind kind, long session, long requestId) {
    add(kind, session);
    room(8);
    putLong(requestId);
  }

  void limits(ManagerState.Limits limits) {
    add(Kind.LIMITS, 0);
    room(16);
    putLong(limits.maxMemoryBytes());
    putInt(limits.parkedPerSession());
    putInt(limits.parkedOverall());
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** The entry of the inputs added so far, stamped {@code time}; empties this builder. */
  byte[] take(long time) {
    ByteBuffer entry = ByteBuffer.allocate(12 + length);
    entry.putLong(time).putInt(count).put(bytes, 0, length);
    length = 0;
    count = 0;
    if (bytes.length > 1 << 20) {
      bytes = new byte[256];
    }
    return entry.array();
  }

  /** The time an entry was stamped with. */
  static long time(ByteBuffer entry) {
    return entry.getLong(entry.position());
  }

  /**
   * Applies every input of {@code entry} to {@code target} at {@code time}; a malformed entry is an
   * {@link IllegalStateException} naming what was malformed (the log's checksums make that a bug,
   * not a disk error).
   */
  static void apply(ByteBuffer entry, long time, Target target) {
    try {
      entry.getLong();
      int count = entry.getInt();
      for (int i = 0; i < count; i++) {
        applyOne(entry, time, target);
      }
      if (entry.hasRemaining()) {
        throw new IllegalStateException(entry.remaining() + " stray bytes after a log entry");
      }
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new IllegalStateException("a log entry ends inside an input", e);
    }
  }

  private static void applyOne(ByteBuffer entry, long time, Target target) {
    Kind[] kinds = Kind.values();
    int ordinal = entry.get();
    if (ordinal < 0 || ordinal >= kinds.length) {
      throw new IllegalStateException("unknown input kind " + ordinal + " in a log entry");
    }
    Kind kind = kinds[ordinal];
    long session = entry.getLong();
    switch (kind) {
      case OPEN -> target.open(session, entry.get() != 0, time);
      case REQUEST -> {
        int frameLength = entry.getInt();
        int offset = entry.arrayOffset() + entry.position();
        entry.position(entry.position() + frameLength);
        target.request(session, entry.array(), offset, frameLength, time);
      }
      case CANCEL, EXPIRE, DELIVERED, UNDELIVERABLE ->
          target.about(kind, session, entry.getLong(), time);
      case CLOSE -> target.close(session, time);
      case LIMITS ->
          target.limits(new ManagerState.Limits(entry.getLong(), entry.getInt(), entry.getInt()));
    }
  }

  private void room(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }

  private void putLong(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[length++] = (byte) (value >>> shift);
    }
  }

  private void putInt(int value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes[length++] = (byte) (value >>> shift);
    }
  }
}
