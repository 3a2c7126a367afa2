package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.QueueOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A shared FIFO queue, bounded when {@code maxsize > 0}. Takers park while it is empty, putters
 * (with their item) while it is full; each change serves them first come, first served. An item
 * handed to a taker whose connection turns out to be dead goes back to the head, with its id: none
 * is lost, and an iterator that saw it can still remove it.
 */
final class SharedQueue extends SharedObject {
  private final int maxsize;
  private final QueueItems items = new QueueItems();
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
      case SNAPSHOT -> call.reply(items.values());
      case CONTAINS -> call.reply(items.anyMatch(equalTo(call.bytes(0))));
      case REMOVE -> changed(call, items.removeFirst(equalTo(call.bytes(0))));
      case REMOVE_ALL -> changed(call, items.removeIf(in(call)));
      case RETAIN_ALL -> changed(call, items.removeIf(in(call).negate()));
      case ADD_ALL -> addAll(call, call.byteList(0));
      case WAITING_TAKERS -> call.reply(takers.size());
      case TASK_DONE -> tasks().done(call);
      case JOIN -> tasks().join(call, call.longArg(0));
      case UNFINISHED -> call.reply(tasks().unfinished());
      case SNAPSHOT_IDS -> call.reply(items.idsAndValues());
      case REMOVE_ID -> changed(call, items.removeId(call.longArg(0)));
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

  /** Gives a new item to the first live taker, or appends it, and counts it. */
  private void enqueue(byte[] item) {
    Waiters.Waiter<Void> taker = takers.next();
    if (taker == null) {
      items.addLast(item);
    } else {
      handTo(taker.call, item, items.newId());
    }
    if (tasks != null) {
      tasks.added();
    }
  }

  /** Hands the head item to a taker. */
  private void handHeadTo(Call taker) {
    long id = items.firstId();
    handTo(taker, items.pollFirst(), id);
  }

  private void handTo(Call taker, byte[] item, long id) {
    Session session = taker.session();
    List<byte[]> handed = List.of(item);
    if (tasks != null) {
      tasks.taken(session, handed);
    }
    taker.handOff(item, () -> giveBack(session, handed, new long[] {id}));
  }

  /**
   * Puts items whose answer to {@code session} could not be written back at the head, under their
   * ids.
   */
  private void giveBack(Session session, List<byte[]> returned, long[] ids) {
    synchronized (this) {
      if (tasks != null) {
        tasks.returned(session, returned);
      }
      restore(returned, ids);
    }
  }

  /** Puts items back at the head, in order, and serves parked takers from them. */
  private void restore(List<byte[]> returned, long[] ids) {
    synchronized (this) {
      for (int i = returned.size() - 1; i >= 0; i--) {
        items.addFirst(returned.get(i), ids[i]);
      }
      while (!items.isEmpty()) {
        Waiters.Waiter<Void> taker = takers.next();
        if (taker == null) {
          break;
        }
        handHeadTo(taker.call);
      }
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
    if (!items.isEmpty()) {
      handHeadTo(call);
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
      Waiters.Waiter<byte[]> putter = putters.next();
      if (putter == null) {
        return;
      }
      enqueue(putter.payload);
      putter.call.reply(true);
    }
  }

  private void drain(Call call, int max) {
    if (max < 0) {
      throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "maxElements must not be negative: " + max);
    }
    int count = Math.min(max, items.size());
    List<byte[]> taken = new ArrayList<>(count);
    long[] ids = new long[count];
    for (int i = 0; i < count; i++) {
      ids[i] = items.firstId();
      taken.add(items.pollFirst());
    }
    Session session = call.session();
    if (tasks != null) {
      tasks.taken(session, taken);
    }
    call.handOff(new ArrayList<Object>(taken), () -> giveBack(session, taken, ids));
    admitPutters();
  }

  private void addAll(Call call, List<byte[]> added) {
    if (maxsize > 0 && items.size() + added.size() > maxsize) {
      throw new OpException(
          ErrorCode.ILLEGAL_STATE,
          "Queue full: " + added.size() + " items do not fit in " + (maxsize - items.size()));
    }
    added.forEach(this::enqueue);
    call.reply(!added.isEmpty());
  }

  @Override
  synchronized void sessionClosed(Session session) {
    super.sessionClosed(session);
    if (tasks != null) {
      List<byte[]> unfinished = tasks.dropSession(session);
      long[] ids = new long[unfinished.size()];
      Arrays.setAll(ids, i -> items.newId());
      restore(unfinished, ids);
    }
  }

  private void changed(Call call, boolean removed) {
    if (removed) {
      admitPutters();
    }
    call.reply(removed);
  }

  private void clear(Call call) {
    items.clear();
    admitPutters();
    call.reply(null);
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
