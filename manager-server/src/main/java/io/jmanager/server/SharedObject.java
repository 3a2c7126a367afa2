package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectType;
import java.util.List;

/**
 * A shared object: its state, and every op of its type applied under its own lock. Subclasses hold
 * the state and one exhaustive switch over their op enum; this class serializes access and handles
 * what every type does alike with its parked calls: cancel, a session's end, and close.
 */
abstract class SharedObject {
  private final long id;
  private final String name;

  SharedObject(long id, String name) {
    this.id = id;
    this.name = name;
  }

  final long id() {
    return id;
  }

  final String name() {
    return name;
  }

  abstract ObjectType type();

  /** The parameter the object was created with (a queue's bound, a semaphore's permits), or 0. */
  int parameter() {
    return 0;
  }

  /** What {@link #parameter()} means, for messages. */
  String parameterName() {
    return "no parameter";
  }

  /** Applies one op; called with this object's lock held. May throw {@link OpException}. */
  abstract void applyLocked(Call call);

  /** The queues of calls parked on this object, empty for types that never park. */
  abstract List<Waiters<?>> waiters();

  /** Applies one op under this object's lock; answers now or parks the call. */
  final synchronized void apply(Call call) {
    applyLocked(call);
  }

  /** Ends the parked request {@code requestId} of {@code session}, if it is parked here. */
  final synchronized void cancel(Session session, long requestId) {
    Waiters.Waiter<?> waiter = session.waiter(requestId);
    if (waiter != null && waiter.object() == this) {
      cancelled(waiter);
    }
  }

  /** Ends a parked call its client cancelled: removes it and fails it with CANCELLED. */
  void cancelled(Waiters.Waiter<?> waiter) {
    waiter.remove();
    waiter.call.fail(ErrorCode.CANCELLED, "cancelled by the client");
  }

  /** Forgets a closed session's parked calls; subclasses also release what it held. */
  synchronized void sessionClosed(Session session) {
    dropWaiters(session);
  }

  /** Removes every call {@code session} has parked here, answering none; whether there was any. */
  final boolean dropWaiters(Session session) {
    boolean any = false;
    for (Waiters.Waiter<?> waiter; (waiter = session.latestParkedOn(this)) != null; any = true) {
      waiter.remove();
    }
    return any;
  }

  /** Fails every parked call: the object was deleted or the server is stopping. */
  final synchronized void close(ErrorCode code, String message) {
    waiters().forEach(queue -> queue.failAll(code, message));
  }

  @Override
  public String toString() {
    return type().name().toLowerCase(java.util.Locale.ROOT) + " '" + name + "'";
  }
}
