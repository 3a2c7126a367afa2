package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task accounting of a joinable queue, Python's JoinableQueue: every item put is unfinished
 * until some client marks one task done; joiners park until none is. Unlike Python, it remembers
 * which client took which items, so the items a client took and never marked done can be put back
 * when its connection closes, instead of leaving {@code join} waiting forever; so those items count
 * against the memory budget until they are marked done. Used under the owning queue's lock.
 */
final class UnfinishedItems {
  private final SharedObject owner;
  private final Waiters<Void> joiners;
  private final Map<Session, Deque<byte[]>> outstanding = new LinkedHashMap<>();
  private int unfinished;

  UnfinishedItems(SharedObject owner) {
    this.owner = owner;
    this.joiners = new Waiters<>(owner, timedOut -> timedOut.call.reply(false));
  }

  Waiters<Void> joiners() {
    return joiners;
  }

  /** How many items are not yet marked done. */
  int count() {
    return unfinished;
  }

  /** Counts {@code count} new items put into the queue. */
  void added(int count) {
    unfinished += count;
  }

  /**
   * Records items handed to {@code session}, owed a task_done each; callers record before they
   * remove the items from the queue, so that running out of memory here loses nothing.
   */
  void taken(Session session, List<byte[]> items) {
    if (items.isEmpty()) {
      return;
    }
    Deque<byte[]> owed = outstanding.get(session);
    if (owed == null) {
      outstanding.put(session, new ArrayDeque<>(items));
    } else {
      owed.addAll(items);
    }
    session.holds(owner);
  }

  /** Forgets items handed to {@code session} that came back (their answer was never delivered). */
  void returned(Session session, List<byte[]> items) {
    Deque<byte[]> owed = outstanding.get(session);
    if (owed != null) {
      items.forEach(owed::removeLastOccurrence);
      forgetIfSettled(session, owed);
    }
  }

  /**
   * Counts {@code count} items a shut-down queue discarded as done, never below zero (Python's
   * {@code shutdown(immediate=True)}), waking the joiners when none is left.
   */
  void discarded(int count) {
    unfinished = Math.max(0, unfinished - count);
    wakeJoinersIfFinished();
  }

  /** Marks one task done, waking the joiners when none is left. */
  void done(Call call) {
    if (unfinished == 0) {
      throw new OpException(ErrorCode.ILLEGAL_STATE, "task_done() called too many times");
    }
    unfinished--;
    settleOne(call.session());
    wakeJoinersIfFinished();
    call.reply(null);
  }

  private void wakeJoinersIfFinished() {
    if (unfinished == 0) {
      for (Waiters.Waiter<Void> joiner = joiners.next(); joiner != null; joiner = joiners.next()) {
        joiner.call.reply(true);
      }
    }
  }

  /**
   * Settles one item owed by {@code session}, or, when it owes none (another client took the item
   * and this one marks it done, as Python allows), one owed by some other session, so that owed
   * items always equal the items taken and not yet done.
   */
  private void settleOne(Session session) {
    Session debtor = outstanding.containsKey(session) ? session : null;
    if (debtor == null && !outstanding.isEmpty()) {
      debtor = outstanding.keySet().iterator().next();
    }
    if (debtor != null) {
      Deque<byte[]> owed = outstanding.get(debtor);
      owner.shrink(QueueItems.bytesOf(owed.pollFirst()));
      forgetIfSettled(debtor, owed);
    }
  }

  /** Answers true when nothing is unfinished, else parks the call until then or its timeout. */
  void join(Call call, long timeoutNanos) {
    if (unfinished == 0) {
      call.reply(true);
    } else {
      joiners.park(call, null, timeoutNanos);
    }
  }

  /** The items {@code session} took and has not marked done, oldest first. */
  Collection<byte[]> owedBy(Session session) {
    Deque<byte[]> owed = outstanding.get(session);
    return owed == null ? List.of() : owed;
  }

  /** Forgets what a closed session owes, once its items are back in the queue. */
  void dropSession(Session session) {
    if (outstanding.remove(session) != null) {
      session.released(owner);
    }
  }

  private void forgetIfSettled(Session session, Deque<byte[]> owed) {
    if (owed.isEmpty()) {
      outstanding.remove(session);
      session.released(owner);
    }
  }

  /** The count of unfinished tasks, what each session owes, oldest first, then the joiners. */
  void writeState(SnapshotWriter out) throws IOException {
    out.writeInt(unfinished);
    out.writeInt(outstanding.size());
    for (Map.Entry<Session, Deque<byte[]>> owed : outstanding.entrySet()) {
      out.writeSession(owed.getKey());
      out.writeByteList(owed.getValue());
    }
    out.writeWaiters(joiners, SnapshotWriter.Payload.none());
  }

  /** Reads back, into this empty accounting, what {@link #writeState} wrote. */
  void readState(SnapshotReader in) throws IOException {
    unfinished = in.readInt("the unfinished count");
    int count = in.readCount("the sessions owing tasks");
    for (int i = 0; i < count; i++) {
      Session session = in.readKnownSession("a session owing tasks");
      outstanding.put(session, new ArrayDeque<>(in.readByteList("the items it owes")));
    }
    in.readWaiters(joiners, SnapshotReader.Payload.none(), "the joiners");
  }
}
