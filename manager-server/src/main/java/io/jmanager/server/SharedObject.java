package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectType;
import java.io.IOException;
import java.util.List;

/**
 * A shared object: its state, and every op of its type applied under its own lock. Subclasses hold
 * the state and one exhaustive switch over their op enum; this class serializes access and handles
 * what every type does alike with its parked calls: cancel, a session's end, and close.
 */
abstract class SharedObject {
  /** Heap an object takes before it holds anything: itself, its name and its registry entries. */
  static final long OBJECT_BYTES = 256;

  private final long id;
  private final String name;

  /** The budget this object's data counts against; guarded by this object's lock. */
  private MemoryBudget memory = MemoryBudget.UNLIMITED;

  /** Bytes this object holds, as counted in {@link #memory}; guarded by this object's lock. */
  private long held;

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

  /**
   * Counts this object against the server's memory budget, with {@code bytes} of its own (the
   * object, its name, any storage it is created with); throws {@link OpException} with MEMORY when
   * they do not fit. Called once, before the object is shared.
   */
  final synchronized void countIn(MemoryBudget budget, long bytes) {
    if (!budget.tryReserve(bytes)) {
      throw budget.refusal("creating " + this);
    }
    memory = budget;
    held = bytes;
  }

  /**
   * Counts {@code bytes} of data that {@code call} is about to add; throws {@link OpException} with
   * MEMORY, counting nothing, when they do not fit. Call it before changing anything, so that a
   * refused operation changes nothing. Called with this object's lock held.
   */
  final void grow(long bytes, Call call) {
    if (!memory.tryReserve(bytes)) {
      throw memory.refusal(call.op() + " on " + this);
    }
    held += bytes;
  }

  /**
   * Counts the change when {@code call} replaces data of {@code oldBytes} by data of {@code
   * newBytes}: only growth can be refused. Lock held.
   */
  final void resize(long oldBytes, long newBytes, Call call) {
    if (newBytes > oldBytes) {
      grow(newBytes - oldBytes, call);
    } else {
      shrink(oldBytes - newBytes);
    }
  }

  /** Counts {@code bytes} that must be kept whether they fit or not. Lock held. */
  final void growAnyway(long bytes) {
    memory.add(bytes);
    held += bytes;
  }

  /** Stops counting {@code bytes} of data this object no longer holds. Lock held. */
  final void shrink(long bytes) {
    if (bytes != 0) {
      memory.release(bytes);
      held -= bytes;
    }
  }

  /**
   * Counts this object, restored from a snapshot, against {@code budget} with the {@code bytes} it
   * held when written, whether they fit or not: a restored state counts what the original did.
   */
  final synchronized void restoreCount(MemoryBudget budget, long bytes) {
    budget.add(bytes);
    memory = budget;
    held = bytes;
  }

  /** Bytes this object holds now, as counted. */
  final synchronized long heldBytes() {
    return held;
  }

  /** The parameter the object was created with (a queue's bound, a semaphore's permits), or 0. */
  int parameter() {
    return 0;
  }

  /** Heap the object's fixed storage takes from its creation on, such as an array's elements. */
  long storageBytes() {
    return 0;
  }

  /** Applies one op; called with this object's lock held. May throw {@link OpException}. */
  abstract void applyLocked(Call call);

  /** The queues of calls parked on this object, empty for types that never park. */
  abstract List<Waiters<?>> waiters();

  /**
   * Writes this object's state into a snapshot: its data and its parked calls, in a canonical order
   * (see {@link Snapshot}). Called with this object's lock held.
   */
  abstract void writeState(SnapshotWriter out) throws IOException;

  /**
   * Reads back, into this new object, the state {@link #writeState} wrote; counts nothing (the
   * snapshot carries this object's count) and arms no deadline.
   */
  abstract void readState(SnapshotReader in) throws IOException;

  /** Reads back a handoff of {@code session} that one of this object's handoffs wrote. */
  Handoff readHandoff(SnapshotReader in, Session session) throws IOException {
    throw in.corrupted(this + " hands nothing out, yet a handoff names it");
  }

  /** Applies one op under this object's lock; answers now or parks the call. */
  final synchronized void apply(Call call) {
    long before = held;
    try {
      applyLocked(call);
    } catch (RuntimeException | OutOfMemoryError e) {
      // a failed op changed nothing, so nothing it counted stays counted
      memory.release(held - before);
      held = before;
      throw e;
    }
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

  /**
   * Fails every parked call and gives back all this object holds to the budget: it was deleted. An
   * operation that had already found it and runs after this counts nowhere.
   */
  final synchronized void delete(String message) {
    close(ErrorCode.NO_SUCH_OBJECT, message);
    memory.release(held);
    memory = MemoryBudget.UNLIMITED;
    held = 0;
  }

  @Override
  public String toString() {
    return type().name().toLowerCase(java.util.Locale.ROOT) + " '" + name + "'";
  }
}
