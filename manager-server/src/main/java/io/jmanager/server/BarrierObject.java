package io.jmanager.server;

import io.jmanager.protocol.BarrierOp;
import io.jmanager.protocol.ObjectType;
import java.io.IOException;
import java.util.List;

/**
 * A shared barrier, Python's Barrier with Java's CyclicBarrier rules: when the last party arrives,
 * every waiting party is released and the barrier is ready for the next round. A party that times
 * out, is cancelled, or whose client disconnects while waiting breaks it: the others get BROKEN,
 * and so does every later arrival until a reset.
 */
final class BarrierObject extends SharedObject {
  private final int parties;
  private final Waiters<Integer> arrived = new Waiters<>(this, this::timedOut);
  private boolean broken;
  private byte[] action;
  private long defaultTimeoutNanos = -1;

  BarrierObject(long id, String name, int parties) {
    super(id, name);
    this.parties = parties;
  }

  @Override
  ObjectType type() {
    return ObjectType.BARRIER;
  }

  @Override
  int parameter() {
    return parties;
  }

  @Override
  List<Waiters<?>> waiters() {
    return List.of(arrived);
  }

  @Override
  void applyLocked(Call call) {
    BarrierOp op = (BarrierOp) call.op();
    switch (op) {
      case AWAIT -> await(call, call.longArg(0));
      case RESET -> reset(call);
      case ABORT -> abort(call);
      case IS_BROKEN -> call.reply(broken);
      case WAITING -> call.reply(arrived.size());
      case CONFIGURE -> configure(call, call.nullable(0, byte[].class), call.longArg(1));
      case ACTION -> call.reply(action);
    }
  }

  private void await(Call call, long timeoutNanos) {
    int index = parties - 1 - arrived.size();
    if (broken) {
      call.reply(BarrierOp.BROKEN);
    } else if (index == 0) {
      for (Waiters.Waiter<Integer> party = arrived.next(); party != null; party = arrived.next()) {
        party.call.reply(party.payload);
      }
      call.reply(action == null ? 0 : BarrierOp.RUN_ACTION);
    } else {
      long timeout = timeoutNanos < 0 ? defaultTimeoutNanos : timeoutNanos;
      arrived.park(call, index, timeout);
    }
  }

  /** Takes each setting the barrier does not have yet; the first given stays. */
  private void configure(Call call, byte[] newAction, long newDefaultTimeoutNanos) {
    if (newAction != null && action == null) {
      grow(MemoryBudget.of(newAction), call);
      action = newAction;
    }
    if (newDefaultTimeoutNanos >= 0 && defaultTimeoutNanos < 0) {
      defaultTimeoutNanos = newDefaultTimeoutNanos;
    }
    call.reply(null);
  }

  private void timedOut(Waiters.Waiter<Integer> waiter) {
    breakBarrier();
    waiter.call.reply(BarrierOp.TIMED_OUT);
  }

  /** Breaks the barrier: every waiting party is answered BROKEN. */
  private void breakBarrier() {
    broken = true;
    for (Waiters.Waiter<Integer> party = arrived.next(); party != null; party = arrived.next()) {
      party.call.reply(BarrierOp.BROKEN);
    }
  }

  private void reset(Call call) {
    breakBarrier();
    broken = false;
    call.reply(null);
  }

  private void abort(Call call) {
    breakBarrier();
    call.reply(null);
  }

  @Override
  void cancelled(Waiters.Waiter<?> waiter) {
    super.cancelled(waiter);
    breakBarrier();
  }

  @Override
  synchronized void sessionClosed(Session session) {
    if (dropWaiters(session)) {
      breakBarrier();
    }
  }

  /** Whether broken, the action, the default timeout, then the parties waiting with their index. */
  @Override
  void writeState(SnapshotWriter out) throws IOException {
    out.writeBoolean(broken);
    out.writeNullableBytes(action);
    out.writeLong(defaultTimeoutNanos);
    out.writeWaiters(arrived, SnapshotWriter::writeInt);
  }

  @Override
  void readState(SnapshotReader in) throws IOException {
    broken = in.readBoolean("whether it is broken");
    action = in.readNullableBytes("the action");
    defaultTimeoutNanos = in.readLong("the default timeout");
    in.readWaiters(arrived, waiter -> waiter.readInt("a party's index"), "the parties waiting");
  }
}
