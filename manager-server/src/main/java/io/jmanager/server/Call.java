package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * One request being answered, now or, once parked, later. Its arguments come from an untrusted
 * client, so every accessor checks presence and type and throws {@link OpException} otherwise. A
 * call is answered exactly once.
 */
final class Call {
  private final Session session;
  private final Message.Request request;
  private final long time;
  private final boolean internal;
  private final boolean unkept;
  private boolean answered;

  /**
   * A request of {@code session}, applied at {@code time}: the server's clock in nanoseconds when
   * the request is applied, which a parked call's deadline counts from.
   */
  Call(Session session, Message.Request request, long time) {
    this(session, request, time, false, false);
  }

  private Call(
      Session session, Message.Request request, long time, boolean internal, boolean unkept) {
    this.session = session;
    this.request = request;
    this.time = time;
    this.internal = internal;
    this.unkept = unkept;
  }

  /**
   * A call whose answer the durable mode does not keep for its client to acknowledge: a read that
   * only this replica answers, without the log, or a refusal that changed nothing.
   */
  static Call unkept(Session session, Message.Request request) {
    return new Call(session, request, 0, false, true);
  }

  /**
   * A call the server makes itself on behalf of {@code session}, such as filling a new object with
   * its initial contents: its answer goes nowhere, and a failure throws {@link OpException}.
   */
  static Call internal(Session session, SharedObject object, Op op, Object... args) {
    return new Call(
        session,
        new Message.Request(0, object.id(), op, new ArrayList<>(List.of(args))),
        0,
        true,
        false);
  }

  long id() {
    return request.id();
  }

  /** The request this call answers. */
  Message.Request request() {
    return request;
  }

  Session session() {
    return session;
  }

  /** When the server applied this call, in nanoseconds of its clock. */
  long time() {
    return time;
  }

  Op op() {
    return request.op();
  }

  /** Argument {@code index} as the given type. */
  <T> T arg(int index, Class<T> type) {
    List<Object> args = request.args();
    Object value = index < args.size() ? args.get(index) : null;
    if (!type.isInstance(value)) {
      throw new OpException(
          ErrorCode.ILLEGAL_ARGUMENT,
          op() + " needs a " + type.getSimpleName() + " as argument " + index);
    }
    return type.cast(value);
  }

  /** Argument {@code index} as the given type, or null when it is null. */
  <T> T nullable(int index, Class<T> type) {
    List<Object> args = request.args();
    return index < args.size() && args.get(index) == null ? null : arg(index, type);
  }

  byte[] bytes(int index) {
    return arg(index, byte[].class);
  }

  int intArg(int index) {
    return arg(index, Integer.class);
  }

  long longArg(int index) {
    return arg(index, Long.class);
  }

  String string(int index) {
    return arg(index, String.class);
  }

  /** Argument {@code index} as a list of serialized values. */
  List<byte[]> byteList(int index) {
    List<?> items = arg(index, ArrayList.class);
    List<byte[]> values = new ArrayList<>(items.size());
    for (Object item : items) {
      if (!(item instanceof byte[] value)) {
        throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, op() + " needs a list of values");
      }
      values.add(value);
    }
    return values;
  }

  /**
   * Answers with a value: null, Boolean, Integer, Long, String, byte[] or an ArrayList of those.
   */
  void reply(Object value) {
    answer(new Message.Reply(id(), value), null);
  }

  /**
   * Answers with values taken out of an object; {@code handoff} puts them back if the answer cannot
   * be delivered, rather than lose them.
   */
  void handOff(Object value, Handoff handoff) {
    answer(new Message.Reply(id(), value), handoff);
  }

  /** Whether this call has been answered (or its answer is on the way out). */
  boolean answered() {
    return answered;
  }

  void fail(ErrorCode code, String message) {
    if (internal) {
      throw new OpException(code, message);
    }
    answer(new Message.Failure(id(), code, message), null);
  }

  private void answer(Message message, Handoff undo) {
    if (answered) {
      throw new IllegalStateException("request " + id() + " was already answered");
    }
    answered = true;
    if (unkept) {
      session.sendUnkept(message);
    } else if (!internal) {
      session.send(message, undo);
    }
  }
}
