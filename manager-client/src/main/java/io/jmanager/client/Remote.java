package io.jmanager.client;

import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.Op;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What every proxy holds: the connection, the object's id, name and type, and the conversions
 * between user values and the bytes the server keeps.
 *
 * <p>An op that has a synchronous and an asynchronous form is written once, as a method that
 * prepares its request ({@link Prepared}, or {@link PreparedParked} for a request that may park on
 * the server); the synchronous method sends it with {@code call()}, the asynchronous one with
 * {@code async()}.
 */
final class Remote {
  /** Reads a reply that is a Boolean. */
  static final Function<Object, Boolean> BOOLEAN = Boolean.class::cast;

  /** Reads a reply that is an Integer. */
  static final Function<Object, Integer> INTEGER = Integer.class::cast;

  /** Ignores a reply. */
  static final Function<Object, Void> NOTHING = reply -> null;

  private final Connection connection;
  private final ValueCodec values;
  private final long id;
  private final String name;
  private final ObjectType type;
  private final Function<Object, Object> decodeOne = this::decode;
  private final Function<Object, List<Object>> decodeList = this::decodeAll;

  Remote(Connection connection, ValueCodec values, long id, String name, ObjectType type) {
    this.connection = connection;
    this.values = values;
    this.id = id;
    this.name = name;
    this.type = type;
  }

  String name() {
    return name;
  }

  /** What opens this object again on another manager; see {@link ProxyReference}. */
  ProxyReference reference(int parameter, String detail) {
    return new ProxyReference(connection, type, name, parameter, detail);
  }

  /** What opens this object, which takes no creation parameter, again on another manager. */
  ProxyReference reference() {
    return reference(-1, null);
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

  /** Prepares a request whose reply {@code reader} reads. */
  <T> Prepared<T> prepare(Op op, Function<Object, T> reader, Object... args) {
    return new Prepared<>(op, reader, args, null);
  }

  /** Prepares a call answered without asking the server. */
  <T> Prepared<T> answered(T answer) {
    return new Prepared<>(null, null, null, answer);
  }

  /**
   * Prepares a request looking up one value, answered {@code noMatch} without asking the server
   * when the value cannot be serialized, since then nothing equal to it can be stored. Rejects null
   * with {@link NullPointerException}.
   */
  <T> Prepared<T> query(Op op, Function<Object, T> reader, T noMatch, Object value) {
    byte[] bytes = encodeQuery(value);
    return bytes == null ? answered(noMatch) : prepare(op, reader, bytes);
  }

  /**
   * Prepares a request that may park for up to {@code timeoutNanos} (below zero: without limit),
   * answered by its timeout, whose null or false answer gives the caller nothing.
   */
  <T> PreparedParked<T> prepareParked(
      Op op, long timeoutNanos, Function<Object, T> reader, Object... args) {
    return new PreparedParked<>(op, timeoutNanos, reader, args);
  }

  /** Reads a reply holding one value's bytes or null. */
  @SuppressWarnings("unchecked")
  <T> Function<Object, T> value() {
    return (Function<Object, T>) decodeOne;
  }

  /** Reads a reply holding a list of values' bytes. */
  @SuppressWarnings("unchecked")
  <T> Function<Object, List<T>> values() {
    return (Function<Object, List<T>>) (Function<Object, ?>) decodeList;
  }

  /**
   * A request ready to be sent, or an answer known without asking the server. Built by one method
   * per op, so the op is written once for both call styles.
   */
  final class Prepared<T> {
    /** Null when the answer is known. */
    private final Op op;

    private final Function<Object, T> reader;
    private final Object[] args;
    private final T answer;

    private Prepared(Op op, Function<Object, T> reader, Object[] args, T answer) {
      this.op = op;
      this.reader = reader;
      this.args = args;
      this.answer = answer;
    }

    /** Sends the request and waits for its answer; see {@link Connection#call}. */
    T call() {
      return op == null ? answer : reader.apply(connection.call(id, op, args));
    }

    /** Sends the request without waiting; see {@link Connection#callAsync}. */
    CompletableFuture<T> async() {
      return op == null
          ? AsyncResult.of(answer, connection.completions())
          : connection.callAsync(id, op, reader, args);
    }
  }

  /** A request ready to be sent that may park on the server. */
  final class PreparedParked<T> {
    private final Op op;
    private final long timeoutNanos;
    private final Function<Object, T> reader;
    private final Object[] args;

    private PreparedParked(Op op, long timeoutNanos, Function<Object, T> reader, Object[] args) {
      this.op = op;
      this.timeoutNanos = timeoutNanos;
      this.reader = reader;
      this.args = args;
    }

    /** Sends the request and waits for its answer; see {@link Connection#callParked}. */
    T call() throws InterruptedException {
      return reader.apply(
          connection.callParked(id, op, timeoutNanos, Connection.Parked.NULL_OR_FALSE, args));
    }

    /** Sends the request without waiting; see {@link Connection#callParkedAsync}. */
    CompletableFuture<T> async() {
      return connection.callParkedAsync(id, op, timeoutNanos, reader, args);
    }
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
    return values.encode(Objects.requireNonNull(value, "null values are not allowed"));
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
    return reply == null ? null : (T) values.decode((byte[]) reply);
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
