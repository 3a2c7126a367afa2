package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Calls parked on one shared object, in FIFO order, each with an optional payload and deadline. No
 * thread waits: a waiter is a node of this doubly linked list until a state change, its deadline, a
 * cancel or its session's end unlinks it. Each node is also linked into its session's list of calls
 * parked on the same object, so a cancel, a deadline or a session's end finds its own waiters
 * without looking at anyone else's. Every method runs under the owning object's lock; the deadline
 * task takes that lock itself.
 *
 * @param <T> what a waiter carries, such as the item a blocked put wants to add
 */
final class Waiters<T> {
  private final SharedObject owner;
  private final ToLongFunction<T> bytes;
  private final Consumer<Waiter<T>> onTimeout;
  private Waiter<T> first;
  private Waiter<T> last;
  private int size;

  /**
   * Waiters whose deadline passes are handed, removed, to {@code onTimeout}, which answers them
   * with the "timed out" value.
   */
  Waiters(SharedObject owner, Consumer<Waiter<T>> onTimeout) {
    this(owner, payload -> 0, onTimeout);
  }

  /**
   * Waiters whose payloads count against the owner's memory budget while they wait, {@code bytes}
   * each: counted as a call parks, and given back when a waiter leaves without being served (timed
   * out, cancelled, its session closed). A served payload's count passes to whatever the owner does
   * with it. A queue counts the item a parked putter carries.
   */
  Waiters(SharedObject owner, ToLongFunction<T> bytes, Consumer<Waiter<T>> onTimeout) {
    this.owner = owner;
    this.bytes = bytes;
    this.onTimeout = onTimeout;
  }

  /**
   * A parked call and its payload: a node of its object's queue and of its session's list. The
   * links change only under the owning object's lock.
   */
  static final class Waiter<T> {
    final Call call;
    final T payload;
    private final Waiters<T> queue;
    private final long deadline;
    private Waiter<T> previous;
    private Waiter<T> next;
    private boolean linked;
    private Future<?> timer;

    /** The session's previous and next calls parked on the same object; kept by {@link Session}. */
    Waiter<?> earlierOfSession;

    Waiter<?> laterOfSession;

    private Waiter(Call call, T payload, Waiters<T> queue, long deadline) {
      this.call = call;
      this.payload = payload;
      this.queue = queue;
      this.deadline = deadline;
    }

    /** The object this call is parked on. */
    SharedObject object() {
      return queue.owner;
    }

    /**
     * When this call stops waiting, in nanoseconds of the server's clock; {@link Long#MAX_VALUE}
     * for never.
     */
    long deadline() {
      return deadline;
    }

    /**
     * Starts timing this call's deadline, if it has one and it is not timed yet: for a state
     * restored from a snapshot, whose deadlines are timed once its mode runs. Lock held.
     */
    void arm() {
      if (deadline != Long.MAX_VALUE && timer == null && linked) {
        timer = call.session().arm(this);
      }
    }

    /**
     * Stops timing this call's deadline, so that {@link #arm} times it again: for a server that no
     * longer leads the cluster, whose clock no longer decides expiries. Lock held.
     */
    void disarm() {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }

    /** Whether this call waits in {@code waiters}. */
    boolean isIn(Waiters<?> waiters) {
      return linked && queue == waiters;
    }

    /** Takes this call out of its queue unserved; whether it was still there. */
    boolean remove() {
      if (!linked) {
        return false;
      }
      queue.unlink(this);
      queue.owner.shrink(queue.bytes.applyAsLong(payload));
      return true;
    }

    /**
     * Its deadline has come: unless served or gone already, removes it and answers it timed out.
     */
    void expire() {
      synchronized (queue.owner) {
        if (remove()) {
          queue.onTimeout.accept(this);
        }
      }
    }
  }

  /**
   * Parks a call until it is served or {@code timeoutNanos} pass (never if {@link
   * Timeouts#unlimited}), then removes it and answers it timed out. A timeout of 0 is a poll: the
   * call is answered timed out at once, unparked. The payload is counted against the memory budget
   * first (refused with MEMORY, parking nothing, when it does not fit); then, if its session or the
   * server has as many calls parked as the limits allow, the call is failed as BUSY instead:
   * callers park before they change any state, so a refused call has changed nothing.
   */
  void park(Call call, T payload, long timeoutNanos) {
    if (timeoutNanos == 0) {
      onTimeout.accept(new Waiter<>(call, payload, this, call.time()));
      return;
    }
    long counted = bytes.applyAsLong(payload);
    if (counted > 0) {
      // not for nothing: past the budget, even 0 more bytes would be refused
      owner.grow(counted, call);
    }
    String refusal = call.session().parkRefusal();
    if (refusal != null) {
      owner.shrink(counted);
      call.fail(ErrorCode.BUSY, refusal);
      return;
    }
    parkWaiter(call, payload, timeoutNanos);
  }

  /**
   * As {@link #park}, past the limits and the memory budget: for a call that has already changed
   * state, so must not be refused.
   */
  void parkAnyway(Call call, T payload, long timeoutNanos) {
    if (timeoutNanos == 0) {
      onTimeout.accept(new Waiter<>(call, payload, this, call.time()));
    } else {
      owner.growAnyway(bytes.applyAsLong(payload));
      parkWaiter(call, payload, timeoutNanos);
    }
  }

  /**
   * Links a call as a waiter, with no limit, count or poll: a timeout of 0 expires as soon as the
   * timers run. For a lock's condition waiters, which release the lock whatever the timeout, and
   * calls parked again.
   */
  void parkWaiter(Call call, T payload, long timeoutNanos) {
    boolean unlimited = Timeouts.unlimited(timeoutNanos);
    long deadline = unlimited ? Long.MAX_VALUE : Timeouts.plus(call.time(), timeoutNanos);
    Waiter<T> waiter = new Waiter<>(call, payload, this, deadline);
    linkLast(waiter);
    call.session().parked(waiter);
    if (deadline != Long.MAX_VALUE) {
      waiter.timer = call.session().arm(waiter);
    }
  }

  /**
   * Parks again a call read from a snapshot, at the end, with its deadline untimed: no limit, count
   * or answer. Its session finds it by its request id only when {@code mapped}.
   */
  void restore(Call call, T payload, long deadline, boolean mapped) {
    Waiter<T> waiter = new Waiter<>(call, payload, this, deadline);
    linkLast(waiter);
    call.session().restoredParked(waiter, mapped);
  }

  /** Every waiter, first to last, including any whose session is closed. */
  List<Waiter<T>> all() {
    List<Waiter<T>> all = new ArrayList<>(size);
    for (Waiter<T> waiter = first; waiter != null; waiter = waiter.next) {
      all.add(waiter);
    }
    return all;
  }

  /** Returns, without removing it, the first waiter whose session is still open, or null. */
  Waiter<T> peek() {
    while (first != null && !first.call.session().isOpen()) {
      first.remove();
    }
    return first;
  }

  /** Removes and returns the first waiter whose session is still open, or null. */
  Waiter<T> next() {
    Waiter<T> waiter = peek();
    if (waiter != null) {
      unlink(waiter);
    }
    return waiter;
  }

  /**
   * Removes and returns the first waiter whose session is still open and that {@code which}
   * accepts, or null.
   */
  Waiter<T> removeFirst(Predicate<Waiter<T>> which) {
    for (Waiter<T> waiter = first; waiter != null; waiter = waiter.next) {
      if (waiter.call.session().isOpen() && which.test(waiter)) {
        unlink(waiter);
        return waiter;
      }
    }
    return null;
  }

  /** How many calls wait, including any whose session is closed but not yet gone from here. */
  int size() {
    return size;
  }

  /** Fails every waiter, for a deleted object or a stopping server. */
  void failAll(ErrorCode code, String message) {
    removeIf(w -> true, w -> w.call.fail(code, message));
  }

  /** Removes every waiter {@code which} accepts and hands each to {@code then}; whether any. */
  boolean removeIf(Predicate<Waiter<T>> which, Consumer<Waiter<T>> then) {
    boolean any = false;
    Waiter<T> waiter = first;
    while (waiter != null) {
      Waiter<T> following = waiter.next;
      if (which.test(waiter)) {
        unlink(waiter);
        then.accept(waiter);
        any = true;
      }
      waiter = following;
    }
    return any;
  }

  private void linkLast(Waiter<T> waiter) {
    waiter.previous = last;
    if (last == null) {
      first = waiter;
    } else {
      last.next = waiter;
    }
    last = waiter;
    waiter.linked = true;
    size++;
  }

  /** Takes a waiter out of this queue and of its session's records, and stops its deadline. */
  private void unlink(Waiter<T> waiter) {
    if (waiter.previous == null) {
      first = waiter.next;
    } else {
      waiter.previous.next = waiter.next;
    }
    if (waiter.next == null) {
      last = waiter.previous;
    } else {
      waiter.next.previous = waiter.previous;
    }
    waiter.previous = null;
    waiter.next = null;
    waiter.linked = false;
    size--;
    waiter.call.session().unparked(waiter);
    if (waiter.timer != null) {
      waiter.timer.cancel(false);
    }
  }
}
