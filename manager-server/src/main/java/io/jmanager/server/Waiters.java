package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.Timeouts;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Calls parked on one shared object, in FIFO order, each with an optional payload and deadline. No
 * thread waits: a waiter is a record in this deque until a state change, its deadline, a cancel or
 * its session's end removes it. Every method runs under the owning object's lock; the deadline task
 * takes that lock itself.
 *
 * @param <T> what a waiter carries, such as the item a blocked put wants to add
 */
final class Waiters<T> {
  private final SharedObject owner;
  private final Deque<Waiter<T>> waiting = new ArrayDeque<>();

  Waiters(SharedObject owner) {
    this.owner = owner;
  }

  /** A parked call and its payload. */
  static final class Waiter<T> {
    final Call call;
    final T payload;
    private ScheduledFuture<?> deadline;

    private Waiter(Call call, T payload) {
      this.call = call;
      this.payload = payload;
    }
  }

  /**
   * Parks a call; after {@code timeoutNanos} (never if {@link Timeouts#unlimited}; a deadline too
   * far for the event loop's clock saturates there) it is removed and handed to {@code onTimeout},
   * which answers it with the "timed out" value. If its session or the server has as many calls
   * parked as the limits allow, the call is failed as BUSY instead: callers park before they change
   * any state, so a refused call has changed nothing.
   */
  void park(Call call, T payload, long timeoutNanos, Consumer<Call> onTimeout) {
    String refusal = call.session().parkRefusal();
    if (refusal != null) {
      call.fail(ErrorCode.BUSY, refusal);
      return;
    }
    parkWaiter(call, payload, timeoutNanos, waiter -> onTimeout.accept(waiter.call));
  }

  /**
   * As {@link #park}, but the timeout handler gets the whole waiter, and no limit is checked: for a
   * call that has already changed state (checked before it did) or is parked again.
   */
  void parkWaiter(Call call, T payload, long timeoutNanos, Consumer<Waiter<T>> onTimeout) {
    Waiter<T> waiter = new Waiter<>(call, payload);
    waiting.addLast(waiter);
    call.session().parked(call.id(), owner);
    if (!Timeouts.unlimited(timeoutNanos)) {
      waiter.deadline = call.session().schedule(() -> expire(waiter, onTimeout), timeoutNanos);
    }
  }

  private void expire(Waiter<T> waiter, Consumer<Waiter<T>> onTimeout) {
    synchronized (owner) {
      if (waiting.remove(waiter)) {
        release(waiter);
        onTimeout.accept(waiter);
      }
    }
  }

  /** Removes and returns request {@code requestId} of {@code session}, or null if not here. */
  Waiter<T> remove(Session session, long requestId) {
    for (Iterator<Waiter<T>> it = waiting.iterator(); it.hasNext(); ) {
      Waiter<T> waiter = it.next();
      if (waiter.call.session() == session && waiter.call.id() == requestId) {
        it.remove();
        release(waiter);
        return waiter;
      }
    }
    return null;
  }

  /** Returns, without removing it, the first waiter whose client is still connected, or null. */
  Waiter<T> peek() {
    Waiter<T> waiter;
    while ((waiter = waiting.peekFirst()) != null && !waiter.call.session().isOpen()) {
      waiting.pollFirst();
      release(waiter);
    }
    return waiter;
  }

  /** Removes and returns the first waiter whose client is still connected, or null. */
  Waiter<T> next() {
    Waiter<T> waiter;
    while ((waiter = waiting.pollFirst()) != null) {
      release(waiter);
      if (waiter.call.session().isOpen()) {
        return waiter;
      }
    }
    return null;
  }

  /**
   * Removes and returns the first waiter whose client is still connected and that {@code which}
   * accepts, or null.
   */
  Waiter<T> removeFirst(Predicate<Waiter<T>> which) {
    for (Iterator<Waiter<T>> it = waiting.iterator(); it.hasNext(); ) {
      Waiter<T> waiter = it.next();
      if (waiter.call.session().isOpen() && which.test(waiter)) {
        it.remove();
        release(waiter);
        return waiter;
      }
    }
    return null;
  }

  /** How many calls wait, including any whose client has gone but is not yet known as gone. */
  int size() {
    return waiting.size();
  }

  /** Fails request {@code requestId} of {@code session} with CANCELLED; whether it was here. */
  boolean cancel(Session session, long requestId) {
    return removeIf(
        w -> w.call.session() == session && w.call.id() == requestId,
        w -> w.call.fail(ErrorCode.CANCELLED, "cancelled by the client"));
  }

  /** Forgets every waiter of a closed session, answering none; whether it had any. */
  boolean drop(Session session) {
    return removeIf(w -> w.call.session() == session, w -> {});
  }

  /** Fails every waiter, for a deleted object or a stopping server. */
  void failAll(ErrorCode code, String message) {
    removeIf(w -> true, w -> w.call.fail(code, message));
  }

  /** Removes every waiter {@code which} accepts and hands each to {@code then}; whether any. */
  boolean removeIf(Predicate<Waiter<T>> which, Consumer<Waiter<T>> then) {
    boolean any = false;
    for (Iterator<Waiter<T>> it = waiting.iterator(); it.hasNext(); ) {
      Waiter<T> waiter = it.next();
      if (which.test(waiter)) {
        it.remove();
        release(waiter);
        then.accept(waiter);
        any = true;
      }
    }
    return any;
  }

  private void release(Waiter<T> waiter) {
    waiter.call.session().unparked(waiter.call.id());
    if (waiter.deadline != null) {
      waiter.deadline.cancel(false);
    }
  }
}
