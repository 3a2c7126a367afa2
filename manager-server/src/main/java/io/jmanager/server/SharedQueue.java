package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.QueueOp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A shared FIFO queue, bounded when {@code maxsize > 0}. Takers park while it is empty, putters
 * (with their item) while it is full; each change serves them first come, first served. An item
 * handed to a taker whose connection turns out to be dead goes back to the head: none is lost.
 * Every step that allocates (the deque growing, a joinable queue recording what a taker owes) comes
 * before the step that removes an item or a waiter, so running out of memory loses nothing; a call
 * is answered before the waiters its change lets in are served, each hand-off a change of its own.
 */
final class SharedQueue extends SharedObject {
  private final int maxsize;
  private Deque<byte[]> items = new ArrayDeque<>();
  private final Waiters<Void> takers = new Waiters<>(this);
  private final Waiters<byte[]> putters = new Waiters<>(this);
  private final Tasks tasks;

  SharedQueue(long id, String name, int maxsize, boolean joinable) {
    super(id, name);
    this.maxsize = maxsize;
    this.tasks = joinable ? new Tasks(this) : null;
  }

  @Override
  int parameter() {
    return maxsize;
  }

  @Override
  String parameterName() {
    return "maxsize";
  }

  @Override
  ObjectType type() {
    return tasks == null ? ObjectType.QUEUE : ObjectType.JOINABLE_QUEUE;
  }

  @Override
  List<Waiters<?>> waiters() {
    return tasks == null ? List.of(takers, putters) : List.of(takers, putters, tasks.joiners());
  }

  @Override
  void applyLocked(Call call) {
    QueueOp op = (QueueOp) call.op();
    switch (op) {
      case OFFER -> call.reply(offer(call.bytes(0)));
      case OFFER_WAIT -> offerWait(call, call.bytes(0), call.longArg(1));
      case POLL -> pollWait(call, 0);
      case POLL_WAIT -> pollWait(call, call.longArg(0));
      case PEEK -> call.reply(items.peekFirst());
      case SIZE -> call.reply(items.size());
      case REMAINING_CAPACITY ->
          call.reply(maxsize == 0 ? Integer.MAX_VALUE : maxsize - items.size());
      case DRAIN -> drain(call, call.intArg(0));
      case CLEAR -> clear(call);
      case SNAPSHOT -> call.reply(new ArrayList<Object>(items));
      case CONTAINS -> call.reply(items.stream().anyMatch(equalTo(call.bytes(0))));
      case REMOVE -> changed(call, removeFirst(call.bytes(0)));
      case REMOVE_ALL -> changed(call, removeIf(in(call)));
      case RETAIN_ALL -> changed(call, removeIf(in(call).negate()));
      case ADD_ALL -> addAll(call, call.byteList(0));
      case WAITING_TAKERS -> call.reply(takers.size());
      case TASK_DONE -> tasks().done(call);
      case JOIN -> tasks().join(call, call.longArg(0));
      case UNFINISHED -> call.reply(tasks().unfinished());
    }
  }

  private Tasks tasks() {
    if (tasks == null) {
      throw new OpException(ErrorCode.WRONG_TYPE, this + " is not joinable");
    }
    return tasks;
  }

  private boolean full() {
    return maxsize > 0 && items.size() >= maxsize;
  }

  private boolean offer(byte[] item) {
    if (full()) {
      return false;
    }
    enqueue(item);
    return true;
  }

  /** Gives a new item to the first live taker, or appends it; then counts it. */
  private void enqueue(byte[] item) {
    Waiters.Waiter<Void> taker = takers.peek();
    if (taker == null) {
      items.addLast(item);
    } else {
      handTo(taker.call, item, () -> takers.remove(taker.call.session(), taker.call.id()));
    }
    if (tasks != null) {
      tasks.added(1);
    }
  }

  /**
   * Hands {@code item} to {@code taker}: records what the taker owes, then runs {@code take}, which
   * removes the item or the taker from where it waited, then answers.
   */
  private void handTo(Call taker, byte[] item, Runnable take) {
    Session session = taker.session();
    List<byte[]> handed = List.of(item);
    if (tasks != null) {
      tasks.taken(session, handed);
    }
    take.run();
    taker.handOff(item, () -> giveBack(session, handed));
  }

  /** Puts items whose answer to {@code session} could not be written back at the head. */
  private void giveBack(Session session, List<byte[]> returned) {
    synchronized (this) {
      putBack(returned);
      if (tasks != null) {
        tasks.returned(session, returned);
      }
      serveTakers();
    }
  }

  /** Puts items back at the head, in order: all of them, or none when memory runs out. */
  private void putBack(Collection<byte[]> returned) {
    if (returned.size() == 1) {
      items.addFirst(returned.iterator().next());
    } else if (!returned.isEmpty()) {
      Deque<byte[]> restored = new ArrayDeque<>(returned.size() + items.size());
      restored.addAll(returned);
      restored.addAll(items);
      items = restored;
    }
  }

  /** Hands items from the head to parked takers while there are both. */
  private void serveTakers() {
    while (!items.isEmpty()) {
      Waiters.Waiter<Void> taker = takers.peek();
      if (taker == null) {
        return;
      }
      handTo(
          taker.call,
          items.peekFirst(),
          () -> {
            items.pollFirst();
            takers.remove(taker.call.session(), taker.call.id());
          });
    }
  }

  private void offerWait(Call call, byte[] item, long timeoutNanos) {
    if (offer(item)) {
      call.reply(true);
    } else if (timeoutNanos == 0) {
      call.reply(false);
    } else {
      putters.park(call, item, timeoutNanos, timedOut -> timedOut.reply(false));
    }
  }

  private void pollWait(Call call, long timeoutNanos) {
    byte[] item = items.peekFirst();
    if (item != null) {
      handTo(call, item, items::pollFirst);
      admitPutters();
    } else if (timeoutNanos == 0) {
      call.reply(null);
    } else {
      takers.park(call, null, timeoutNanos, timedOut -> timedOut.reply(null));
    }
  }

  /** Moves parked putters' items in while there is room. */
  private void admitPutters() {
    while (!full()) {
      Waiters.Waiter<byte[]> putter = putters.peek();
      if (putter == null) {
        return;
      }
      enqueue(putter.payload);
      putters.remove(putter.call.session(), putter.call.id());
      putter.call.reply(true);
    }
  }

  private void drain(Call call, int max) {
    if (max < 0) {
      throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "maxElements must not be negative: " + max);
    }
    int count = Math.min(max, items.size());
    List<byte[]> taken = new ArrayList<>(count);
    for (Iterator<byte[]> it = items.iterator(); taken.size() < count; ) {
      taken.add(it.next());
    }
    ArrayList<Object> answer = new ArrayList<>(taken);
    Session session = call.session();
    if (tasks != null) {
      tasks.taken(session, taken);
    }
    for (int i = 0; i < count; i++) {
      items.pollFirst();
    }
    call.handOff(answer, () -> giveBack(session, taken));
    admitPutters();
  }

  private void addAll(Call call, List<byte[]> added) {
    if (maxsize > 0 && items.size() + added.size() > maxsize) {
      throw new OpException(
          ErrorCode.ILLEGAL_STATE,
          "Queue full: " + added.size() + " items do not fit in " + (maxsize - items.size()));
    }
    items.addAll(added);
    if (tasks != null) {
      tasks.added(added.size());
    }
    call.reply(!added.isEmpty());
    serveTakers();
  }

  @Override
  synchronized void sessionClosed(Session session) {
    super.sessionClosed(session);
    if (tasks != null) {
      putBack(tasks.owedBy(session));
      tasks.dropSession(session);
      serveTakers();
    }
  }

  private void changed(Call call, boolean removed) {
    call.reply(removed);
    if (removed) {
      admitPutters();
    }
  }

  private void clear(Call call) {
    items.clear();
    call.reply(null);
    admitPutters();
  }

  private boolean removeFirst(byte[] item) {
    for (Iterator<byte[]> it = items.iterator(); it.hasNext(); ) {
      if (Arrays.equals(it.next(), item)) {
        it.remove();
        return true;
      }
    }
    return false;
  }

  private boolean removeIf(Predicate<byte[]> which) {
    return items.removeIf(which);
  }

  private static Predicate<byte[]> equalTo(byte[] item) {
    return candidate -> Arrays.equals(candidate, item);
  }

  private static Predicate<byte[]> in(Call call) {
    Set<Bytes> set = new HashSet<>();
    call.byteList(0).forEach(item -> set.add(new Bytes(item)));
    return candidate -> set.contains(new Bytes(candidate));
  }
}
