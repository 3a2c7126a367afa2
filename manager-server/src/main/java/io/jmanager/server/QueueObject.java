package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.QueueOp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A shared FIFO queue, bounded when {@code maxsize > 0}. Takers park while it is empty, putters
 * (with their item) while it is full; each change serves them first come, first served. An item
 * handed to a taker whose connection turns out to be dead goes back to the head, with its id: none
 * is lost, and an iterator that saw it can still remove it. Every step that allocates (the items
 * growing, a joinable queue recording what a taker owes) comes before the step that removes an item
 * or a waiter, so running out of memory loses nothing; a call is answered before the waiters its
 * change lets in are served.
 *
 * <p>Items count against the server's memory budget from the moment they enter, including those
 * parked putters carry, until they leave: handed to a taker, or, in a joinable queue, once their
 * task is marked done, since the queue keeps them until then to put them back if their taker dies.
 *
 * <p>Once shut down (Python 3.13's {@code shutdown}), it refuses every new item, and every take
 * once it is empty, with QUEUE_SHUT_DOWN; items that come back (from a dead taker) still come back.
 * An immediate shutdown also discards what is left, then and whenever items come back later, and a
 * joinable queue counts the discarded items done.
 */
final class QueueObject extends SharedObject {
  private final int maxsize;
  private final QueueItems items = new QueueItems();
  private final Waiters<Void> takers = new Waiters<>(this, timedOut -> timedOut.call.reply(null));
  private final Waiters<byte[]> putters =
      new Waiters<>(this, QueueItems::bytesOf, timedOut -> timedOut.call.reply(false));
  private final UnfinishedItems unfinished;
  private boolean shutDown;
  private boolean discarding;

  QueueObject(long id, String name, int maxsize, boolean joinable) {
    super(id, name);
    this.maxsize = maxsize;
    this.unfinished = joinable ? new UnfinishedItems(this) : null;
  }

  @Override
  int parameter() {
    return maxsize;
  }

  @Override
  ObjectType type() {
    return unfinished == null ? ObjectType.QUEUE : ObjectType.JOINABLE_QUEUE;
  }

  @Override
  List<Waiters<?>> waiters() {
    return unfinished == null
        ? List.of(takers, putters)
        : List.of(takers, putters, unfinished.joiners());
  }

  @Override
  void applyLocked(Call call) {
    QueueOp op = (QueueOp) call.op();
    switch (op) {
      case OFFER -> call.reply(offer(call, call.bytes(0)));
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
      case REMOVE -> removed(call, () -> items.removeFirst(equalTo(call.bytes(0))));
      case REMOVE_ALL -> removed(call, () -> items.removeIf(in(call)));
      case RETAIN_ALL -> removed(call, () -> items.removeIf(in(call).negate()));
      case ADD_ALL -> addAll(call, call.byteList(0));
      case WAITING_TAKERS -> call.reply(takers.size());
      case TASK_DONE -> unfinished().done(call);
      case JOIN -> unfinished().join(call, call.longArg(0));
      case UNFINISHED -> call.reply(unfinished().count());
      case SNAPSHOT_IDS -> call.reply(items.idsAndValues());
      case REMOVE_ID -> removed(call, () -> items.removeId(call.longArg(0)));
      case SHUTDOWN -> shutdown(call, call.arg(0, Boolean.class));
      case IS_SHUT_DOWN -> call.reply(shutDown);
    }
  }

  private UnfinishedItems unfinished() {
    if (unfinished == null) {
      throw new OpException(ErrorCode.WRONG_TYPE, this + " is not joinable");
    }
    return unfinished;
  }

  private boolean full() {
    return maxsize > 0 && items.size() >= maxsize;
  }

  /** Adds an item if there is room, counting it against the memory budget first. */
  private boolean offer(Call call, byte[] item) {
    refuseIfShutDown();
    if (full()) {
      return false;
    }
    grow(QueueItems.bytesOf(item), call);
    enqueue(item);
    return true;
  }

  /** Gives a new, counted item to the first live taker, or appends it; then counts it a task. */
  private void enqueue(byte[] item) {
    Waiters.Waiter<Void> taker = takers.peek();
    if (taker == null) {
      items.addLast(item);
    } else {
      handTo(taker.call, item, items.newId(), takers::next);
    }
    if (unfinished != null) {
      unfinished.added(1);
    }
  }

  /**
   * Hands {@code item} to {@code taker}: records what the taker owes, then runs {@code take}, which
   * removes the item or the taker from where it waited, then answers.
   */
  private void handTo(Call taker, byte[] item, long id, Runnable take) {
    Session session = taker.session();
    List<byte[]> handed = List.of(item);
    if (unfinished != null) {
      unfinished.taken(session, handed);
    }
    take.run();
    leave(handed);
    taker.handOff(item, new Handed(this, session, handed, new long[] {id}));
  }

  /** Items handed out stop counting, unless a joinable queue keeps them until they are done. */
  private void leave(List<byte[]> handed) {
    if (unfinished == null) {
      handed.forEach(item -> shrink(QueueItems.bytesOf(item)));
    }
  }

  /**
   * Items handed to {@code session} in one answer, with their ids. In a joinable queue, the very
   * arrays the session owes are the ones given back (its debt is settled by identity), so a
   * snapshot names each by its place among those owed.
   */
  record Handed(QueueObject queue, Session session, List<byte[]> items, long[] ids)
      implements Handoff {
    @Override
    public SharedObject object() {
      return queue;
    }

    @Override
    public void undo() {
      queue.giveBack(session, items, ids);
    }

    /** Each item's id, bytes, and place among those its session owes (-1: none). */
    @Override
    public void writeState(SnapshotWriter out) throws IOException {
      List<byte[]> owed = queue.owed(session);
      out.writeInt(items.size());
      for (int i = 0; i < items.size(); i++) {
        out.writeLong(ids[i]);
        out.writeBytes(items.get(i));
        int at = owed.size() - 1;
        while (at >= 0 && owed.get(at) != items.get(i)) {
          at--;
        }
        out.writeInt(at);
      }
    }
  }

  private List<byte[]> owed(Session session) {
    return unfinished == null ? List.of() : List.copyOf(unfinished.owedBy(session));
  }

  @Override
  Handoff readHandoff(SnapshotReader in, Session session) throws IOException {
    List<byte[]> owed = owed(session);
    int count = in.readCount("the items handed out");
    List<byte[]> items = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(in.readLong("an item's id"));
      byte[] item = in.readBytes("an item handed out");
      int at = in.readInt("an item's place among those owed");
      if (at >= owed.size() || (at >= 0 && !Arrays.equals(owed.get(at), item))) {
        throw in.corrupted("an item handed out is not where its session owes it");
      }
      items.add(at < 0 ? item : owed.get(at));
    }
    return new Handed(this, session, items, ids.stream().mapToLong(Long::longValue).toArray());
  }

  /**
   * Puts items whose answer to {@code session} could not be delivered back at the head, under their
   * ids, counted again whatever the budget: they must not be lost.
   */
  private void giveBack(Session session, List<byte[]> returned, long[] ids) {
    synchronized (this) {
      if (discarding) {
        if (unfinished != null) {
          unfinished.returned(session, returned);
          discard(returned);
        }
        return;
      }
      items.addAllFirst(returned, ids);
      if (unfinished == null) {
        returned.forEach(item -> growAnyway(QueueItems.bytesOf(item)));
      } else {
        unfinished.returned(session, returned);
      }
      serveTakers();
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
          items.firstId(),
          () -> {
            items.pollFirst();
            takers.next();
          });
    }
  }

  private void offerWait(Call call, byte[] item, long timeoutNanos) {
    if (offer(call, item)) {
      call.reply(true);
    } else {
      putters.park(call, item, timeoutNanos);
    }
  }

  private void pollWait(Call call, long timeoutNanos) {
    if (!items.isEmpty()) {
      handTo(call, items.peekFirst(), items.firstId(), items::pollFirst);
      admitPutters();
    } else if (shutDown) {
      throw shutDownFailure();
    } else {
      takers.park(call, null, timeoutNanos);
    }
  }

  /** Moves parked putters' items, counted when they parked, in while there is room. */
  private void admitPutters() {
    while (!full()) {
      Waiters.Waiter<byte[]> putter = putters.peek();
      if (putter == null) {
        return;
      }
      enqueue(putter.payload);
      putters.next();
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
      taken.add(items.get(i));
      ids[i] = items.idAt(i);
    }
    ArrayList<Object> answer = new ArrayList<>(taken);
    Session session = call.session();
    if (unfinished != null) {
      unfinished.taken(session, taken);
    }
    for (int i = 0; i < count; i++) {
      items.pollFirst();
    }
    leave(taken);
    call.handOff(answer, new Handed(this, session, taken, ids));
    admitPutters();
  }

  private void addAll(Call call, List<byte[]> added) {
    refuseIfShutDown();
    if (maxsize > 0 && items.size() + added.size() > maxsize) {
      throw new OpException(
          ErrorCode.ILLEGAL_STATE,
          "Queue full: " + added.size() + " items do not fit in " + (maxsize - items.size()));
    }
    long bytes = 0;
    for (byte[] item : added) {
      bytes += QueueItems.bytesOf(item);
    }
    grow(bytes, call);
    items.addAllLast(added);
    if (unfinished != null) {
      unfinished.added(added.size());
    }
    call.reply(!added.isEmpty());
    serveTakers();
  }

  @Override
  synchronized void sessionClosed(Session session) {
    super.sessionClosed(session);
    if (unfinished != null) {
      Collection<byte[]> owed = unfinished.owedBy(session);
      if (discarding) {
        List<byte[]> discarded = List.copyOf(owed);
        unfinished.dropSession(session);
        discard(discarded);
        return;
      }
      long[] ids = new long[owed.size()];
      Arrays.setAll(ids, i -> items.newId());
      items.addAllFirst(owed, ids);
      unfinished.dropSession(session);
      serveTakers();
    }
  }

  /**
   * Shuts the queue down: answers, then fails the parked putters, and the parked takers when
   * nothing is left for them. Immediate, it first discards the items left, as done in a joinable
   * queue, which wakes its joiners if no task is left.
   */
  private void shutdown(Call call, boolean immediate) {
    shutDown = true;
    int discarded = 0;
    if (immediate) {
      discarding = true;
      discarded = items.size();
      shrink(items.bytes());
      items.clear();
    }
    call.reply(null);
    if (unfinished != null && discarded > 0) {
      unfinished.discarded(discarded);
    }
    for (Waiters.Waiter<byte[]> putter = putters.next(); putter != null; putter = putters.next()) {
      shrink(QueueItems.bytesOf(putter.payload));
      failShutDown(putter.call);
    }
    if (items.isEmpty()) {
      for (Waiters.Waiter<Void> taker = takers.next(); taker != null; taker = takers.next()) {
        failShutDown(taker.call);
      }
    }
  }

  /**
   * Forgets items of a joinable queue that came back after an immediate shutdown: no longer
   * counted, and done. A plain queue stopped counting them when they were handed out.
   */
  private void discard(List<byte[]> discarded) {
    discarded.forEach(item -> shrink(QueueItems.bytesOf(item)));
    unfinished.discarded(discarded.size());
  }

  private void refuseIfShutDown() {
    if (shutDown) {
      throw shutDownFailure();
    }
  }

  private OpException shutDownFailure() {
    return new OpException(ErrorCode.QUEUE_SHUT_DOWN, this + " is shut down");
  }

  private void failShutDown(Call call) {
    call.fail(ErrorCode.QUEUE_SHUT_DOWN, this + " is shut down");
  }

  private void clear(Call call) {
    shrink(items.bytes());
    items.clear();
    call.reply(null);
    admitPutters();
  }

  /** Runs a removal, gives back what it removed to the budget, answers, then admits putters. */
  private void removed(Call call, Removal removal) {
    long before = items.bytes();
    boolean any = removal.run();
    shrink(before - items.bytes());
    call.reply(any);
    if (any) {
      admitPutters();
    }
  }

  /** A removal from the items; whether it removed any. */
  private interface Removal {
    boolean run();
  }

  private static Predicate<byte[]> equalTo(byte[] item) {
    return candidate -> Arrays.equals(candidate, item);
  }

  private static Predicate<byte[]> in(Call call) {
    Set<Bytes> set = new HashSet<>();
    call.byteList(0).forEach(item -> set.add(new Bytes(item)));
    return candidate -> set.contains(new Bytes(candidate));
  }

  /** Whether shut down (and discarding), the items, the takers, the putters, the task counts. */
  @Override
  void writeState(SnapshotWriter out) throws IOException {
    out.writeBoolean(shutDown);
    out.writeBoolean(discarding);
    items.writeState(out);
    out.writeWaiters(takers, SnapshotWriter.Payload.none());
    out.writeWaiters(putters, SnapshotWriter::writeBytes);
    if (unfinished != null) {
      unfinished.writeState(out);
    }
  }

  @Override
  void readState(SnapshotReader in) throws IOException {
    shutDown = in.readBoolean("whether it is shut down");
    discarding = in.readBoolean("whether it discards");
    items.readState(in);
    in.readWaiters(takers, SnapshotReader.Payload.none(), "the takers");
    in.readWaiters(putters, putter -> putter.readBytes("a putter's item"), "the putters");
    if (unfinished != null) {
      unfinished.readState(in);
    }
  }
}
