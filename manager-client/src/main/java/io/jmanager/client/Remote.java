package io.jmanager.client;

import io.jmanager.protocol.Op;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What every proxy holds: the connection, the object's id and name, and the conversions between
 * user values and the bytes the server keeps.
 */
final class Remote {
  private final Connection connection;
  private final long id;
  private final String name;

  Remote(Connection connection, long id, String name) {
    this.connection = connection;
    this.id = id;
    this.name = name;
  }

  String name() {
    return name;
  }

  Object call(Op op, Object... args) {
    return connection.call(id, op, args);
  }

  int callInt(Op op, Object... args) {
    return (Integer) call(op, args);
  }

  boolean callBoolean(Op op, Object... args) {
    return (Boolean) call(op, args);
  }

  /**
   * Sends a request that may park, answered by its timeout, whose null or false answer gives the
   * caller nothing; see {@link Connection#callParked}.
   */
  Object callParked(Op op, long timeoutNanos, Object... args) throws InterruptedException {
    return callParked(Connection.Parked.NULL_OR_FALSE, op, timeoutNanos, args);
  }

  /** Sends a request that may park, of the given kind; see {@link Connection#callParked}. */
  Object callParked(Connection.Parked kind, Op op, long timeoutNanos, Object... args)
      throws InterruptedException {
    return connection.callParked(id, op, timeoutNanos, kind, args);
  }

  /** Sends a request without waiting; see {@link Connection#callAsync}. */
  <T> CompletableFuture<T> async(Op op, Function<Object, T> read, Object... args) {
    return connection.callAsync(id, op, read, args);
  }

  /** Sends a request that may park without waiting; see {@link Connection#callParkedAsync}. */
  <T> CompletableFuture<T> asyncParked(
      Op op, long timeoutNanos, Function<Object, T> read, Object... args) {
    return connection.callParkedAsync(id, op, timeoutNanos, read, args);
  }

  /** The future of a call answered without asking the server. */
  <T> CompletableFuture<T> answered(T value) {
    return AsyncResult.of(value, connection.completions());
  }

  /** Reads a reply holding one value's bytes or null. */
  <T> Function<Object, T> value() {
    return this::decode;
  }

  /** Reads a reply holding a list of values' bytes. */
  <T> Function<Object, List<T>> values() {
    return this::decodeAll;
  }

  /** Reads a reply that is an Integer or a Boolean as it is. */
  static <T> Function<Object, T> as(Class<T> type) {
    return type::cast;
  }

  /** Ignores a reply. */
  static Function<Object, Void> nothing() {
    return reply -> null;
  }

  /** A wait that may be interrupted; returns whether it got what it waited for. */
  interface Wait {
    boolean run() throws InterruptedException;
  }

  /**
   * Repeats a wait until it succeeds, ignoring interrupts meanwhile, and then sets the thread's
   * interrupt flag again if one came, as {@code Lock.lock()} and {@code awaitUninterruptibly} do.
   */
  static void uninterruptibly(Wait wait) {
    boolean interrupted = false;
    while (true) {
      try {
        if (wait.run()) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Serializes a value, rejecting null with {@link NullPointerException}. */
  byte[] encode(Object value) {
    return connection.values().encode(Objects.requireNonNull(value, "null values are not allowed"));
  }

  /**
   * Serializes a value used only to look something up; null when it cannot be serialized, since
   * then nothing equal to it can be stored. Rejects null with {@link NullPointerException}.
   */
  byte[] encodeQuery(Object value) {
    try {
      return encode(value);
    } catch (SerializationException unknownClass) {
      return null;
    }
  }

  /**
   * Serialized forms of those values that are not null and can be serialized; the others cannot be
   * stored, so no query can match them.
   */
  ArrayList<Object> encodeQueries(Collection<?> values) {
    ArrayList<Object> encoded = new ArrayList<>(values.size());
    for (Object value : values) {
      byte[] bytes = value == null ? null : encodeQuery(value);
      if (bytes != null) {
        encoded.add(bytes);
      }
    }
    return encoded;
  }

  /** Serializes every value of a collection, in its iteration order. */
  ArrayList<Object> encodeAll(Collection<?> values) {
    ArrayList<Object> encoded = new ArrayList<>(values.size());
    for (Object value : values) {
      encoded.add(encode(value));
    }
    return encoded;
  }

  /** Reads a value from a reply that is bytes or null. */
  @SuppressWarnings("unchecked")
  <T> T decode(Object reply) {
    return reply == null ? null : (T) connection.values().decode((byte[]) reply);
  }

  /** Reads every value from a reply that is a list of bytes. */
  <T> List<T> decodeAll(Object reply) {
    List<?> items = (List<?>) reply;
    List<T> values = new ArrayList<>(items.size());
    for (Object item : items) {
      values.add(decode(item));
    }
    return values;
  }

  @Override
  public String toString() {
    return "'" + name + "' on " + connection.address();
  }
}
