package io.jmanager.server;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.MalformedFrameException;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ProtocolKryo;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's state as the state machine of a Raft log: each committed entry's inputs are applied
 * to the {@link ManagerState} in order, on the log's one applying thread, at the entry's time
 * (never earlier than the entry before). A session's answers go to its connection when it has one
 * at this server, and nowhere otherwise: every replica applies every input, and only the server the
 * client is connected to answers it.
 */
final class Replica extends BaseStateMachine implements Batch.Target {
  private static final Logger log = LoggerFactory.getLogger(Replica.class);

  private final ManagerState state;
  private final Session.Timers timers;
  private final Map<Long, ClientLink> links = new ConcurrentHashMap<>();
  private final Kryo kryo = ProtocolKryo.create();
  private final Input input = new Input();
  private long time;

  /** Completes once this server leads and has applied what the log held before. */
  final CompletableFuture<Void> leading = new CompletableFuture<>();

  Replica(ManagerState state, Session.Timers timers) {
    this.state = state;
    this.timers = timers;
  }

  /** Records the connection of session {@code id} at this server, before its OPEN is logged. */
  void attach(long id, ClientLink link) {
    links.put(id, link);
  }

  /** The open session {@code id}, or null. */
  Session session(long id) {
    return state.session(id);
  }

  @Override
  public CompletableFuture<org.apache.ratis.protocol.Message> applyTransaction(
      TransactionContext transaction) {
    LogEntryProto entry = transaction.getLogEntry();
    ByteBuffer bytes = ByteBuffer.wrap(entry.getStateMachineLogEntry().getLogData().toByteArray());
    try {
      time = Math.max(time, Batch.time(bytes));
      Batch.apply(bytes, time, this);
    } catch (IllegalStateException e) {
      log.error("log entry {} cannot be applied", entry.getIndex(), e);
      return CompletableFuture.failedFuture(e);
    } finally {
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    }
    return CompletableFuture.completedFuture(org.apache.ratis.protocol.Message.EMPTY);
  }

  @Override
  public void notifyLeaderReady() {
    leading.complete(null);
  }

  @Override
  public void open(long session, boolean admin, long at) {
    Session.Output output = links.get(session);
    state.openKeepingHandoffs(
        session, admin, output == null ? Session.Output.NOWHERE : output, timers);
  }

  @Override
  public void request(long session, byte[] frame, int offset, int length, long at) {
    Session open = state.session(session);
    if (open == null) {
      return;
    }
    Message message;
    try {
      message = Frames.decode(kryo, input, frame, offset, length);
    } catch (MalformedFrameException e) {
      throw new IllegalStateException("a logged request cannot be decoded", e);
    }
    if (message instanceof Message.Request request) {
      state.apply(open, request, at);
    }
  }

  @Override
  public void about(Batch.Kind kind, long session, long requestId, long at) {
    Session open = state.session(session);
    if (open == null) {
      return;
    }
    switch (kind) {
      case CANCEL -> state.cancel(open, requestId);
      case EXPIRE -> expire(open, requestId, at);
      case DELIVERED -> open.delivered(requestId);
      case UNDELIVERABLE -> open.undeliverable(requestId);
      default -> throw new IllegalStateException(kind + " is not about a request");
    }
  }

  /** Expires the parked request if its deadline has come by the entry's time. */
  private static void expire(Session session, long requestId, long at) {
    Waiters.Waiter<?> waiter = session.waiter(requestId);
    if (waiter != null && waiter.deadline() <= at) {
      waiter.expire();
    }
  }

  @Override
  public void limits(ManagerState.Limits limits) {
    state.limits(limits);
  }

  @Override
  public void close(long session, long at) {
    Session open = state.session(session);
    if (open != null) {
      state.close(open);
      links.remove(session, open.output());
    }
  }
}
