package io.jmanager.server;

import io.jmanager.protocol.EventOp;
import io.jmanager.protocol.ObjectType;
import java.io.IOException;
import java.util.List;

/** A shared event, Python's Event: setting the flag wakes every parked waiter at once. */
final class EventObject extends SharedObject {
  private final Waiters<Void> waiting = new Waiters<>(this, timedOut -> timedOut.call.reply(false));
  private boolean set;

  EventObject(long id, String name) {
    super(id, name);
  }

  @Override
  ObjectType type() {
    return ObjectType.EVENT;
  }

  @Override
  List<Waiters<?>> waiters() {
    return List.of(waiting);
  }

  @Override
  void applyLocked(Call call) {
    EventOp op = (EventOp) call.op();
    switch (op) {
      case SET -> set(call);
      case CLEAR -> clear(call);
      case IS_SET -> call.reply(set);
      case WAIT -> await(call, call.longArg(0));
      case WAITING -> call.reply(waiting.size());
    }
  }

  private void set(Call call) {
    set = true;
    for (Waiters.Waiter<Void> waiter = waiting.next(); waiter != null; waiter = waiting.next()) {
      waiter.call.reply(true);
    }
    call.reply(null);
  }

  private void clear(Call call) {
    set = false;
    call.reply(null);
  }

  private void await(Call call, long timeoutNanos) {
    if (set) {
      call.reply(true);
    } else {
      waiting.park(call, null, timeoutNanos);
    }
  }

  @Override
  void writeState(SnapshotWriter out) throws IOException {
    out.writeBoolean(set);
    out.writeWaiters(waiting, SnapshotWriter.Payload.none());
  }

  @Override
  void readState(SnapshotReader in) throws IOException {
    set = in.readBoolean("whether it is set");
    in.readWaiters(waiting, SnapshotReader.Payload.none(), "the waiters");
  }
}
