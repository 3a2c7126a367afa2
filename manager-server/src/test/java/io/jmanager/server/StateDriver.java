package io.jmanager.server;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.Op;
import io.jmanager.protocol.ProtocolKryo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Applies inputs to one {@link ManagerState} in one thread, as the durable mode's applying thread
 * does, and records every answer its sessions get, encoded, in order: two drivers given the same
 * inputs must record the same answers.
 */
final class StateDriver {
  private final ServerConfig config;
  private final ManagerState state;
  private final List<String> answers;
  private boolean keepingHandoffs;
  private long requestIds;
  private long time;

  private StateDriver(ServerConfig config, ManagerState state, List<String> answers) {
    this.config = config;
    this.state = state;
    this.answers = answers;
  }

  /** A driver of a fresh, empty state. */
  static StateDriver fresh(ServerConfig config) {
    Registry registry = new Registry(config);
    ManagerState state =
        new ManagerState(registry, new ManagerOps(registry, () -> {}), new WaiterLimits(config));
    return new StateDriver(config, state, new ArrayList<>());
  }

  /**
   * From now on, opens sessions as the durable mode does: they keep what their answers hand out
   * until told whether the answer was delivered.
   */
  StateDriver keepingHandoffs() {
    keepingHandoffs = true;
    return this;
  }

  ManagerState state() {
    return state;
  }

  /** The snapshot of the state. */
  byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      Snapshot.write(state, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A driver of the state read back from this one's snapshot, recording its answers apart. */
  StateDriver restored() throws IOException {
    return restore(snapshot(), config);
  }

  /** A driver of the state in {@code snapshot}, which goes on with this driver's request ids. */
  StateDriver restore(byte[] snapshot, ServerConfig with) throws IOException {
    List<String> restoredAnswers = new ArrayList<>();
    ManagerState restoredState =
        Snapshot.read(
            new DataInputStream(new ByteArrayInputStream(snapshot)),
            with,
            new Snapshot.Attachments(
                id -> recorder(restoredAnswers), Session.Timers.NONE, () -> {}));
    StateDriver driver = new StateDriver(with, restoredState, restoredAnswers);
    driver.requestIds = requestIds;
    driver.keepingHandoffs = keepingHandoffs;
    driver.time = time;
    return driver;
  }

  /** Every answer recorded so far, in order, each as its frame in hex. */
  List<String> answers() {
    return answers;
  }

  byte[] digest() {
    return Snapshot.digest(state);
  }

  long usedMemory() {
    return state.registry().memory().used();
  }

  void open(long session) {
    if (keepingHandoffs) {
      state.openKeepingHandoffs(session, true, recorder(answers), Session.Timers.NONE);
    } else {
      state.open(session, true, recorder(answers), Session.Timers.NONE);
    }
  }

  /** Opens an object as session {@code session}; returns its id. */
  long object(long session, String name, ObjectType type, int parameter, Object... more) {
    List<Object> args = new ArrayList<>(List.of(name, type, parameter));
    args.addAll(Arrays.asList(more));
    request(session, 0, ManagerOp.OPEN, args.toArray());
    return state.registry().lastId();
  }

  /**
   * Applies a request of {@code session} under the next request id, unless the session is closed
   * (as the durable mode drops a closed session's inputs); returns that id.
   */
  long request(long session, long objectId, Op op, Object... args) {
    long id = ++requestIds;
    time += 1_000;
    Session open = state.session(session);
    if (open != null) {
      state.apply(open, new Message.Request(id, objectId, op, Client.list(args)), time);
    }
    return id;
  }

  void cancel(long session, long requestId) {
    state.cancel(state.session(session), requestId);
  }

  /** Closes {@code session}, if open. */
  void close(long session) {
    Session open = state.session(session);
    if (open != null) {
      state.close(open);
    }
  }

  /** Expires the parked request {@code requestId} of {@code session}, as its deadline does. */
  void expire(long session, long requestId) {
    Waiters.Waiter<?> waiter = state.session(session).waiter(requestId);
    if (waiter != null) {
      waiter.expire();
    }
  }

  /** The client of {@code session} acknowledged the answer to {@code requestId}. */
  void acknowledged(long session, long requestId) {
    state.session(session).acknowledged(requestId);
  }

  /** The answers {@code session} keeps for its client to acknowledge, in the order sent. */
  List<Message> kept(long session) {
    return state.session(session).kept();
  }

  /** The answer to {@code requestId} of {@code session} could not be delivered. */
  void undeliverable(long session, long requestId) {
    state.session(session).undeliverable(requestId);
  }

  /** Every answer of every session still waiting to be known delivered, as session, request. */
  List<long[]> pendingHandoffs() {
    List<long[]> pending = new ArrayList<>();
    for (Session session : state.sessions()) {
      session.handoffs().keySet().forEach(id -> pending.add(new long[] {session.id(), id}));
    }
    return pending;
  }

  private static Session.Output recorder(List<String> answers) {
    Kryo kryo = ProtocolKryo.create();
    Output output = Frames.newOutput();
    return new Session.Output() {
      @Override
      public void send(Message message, Handoff handoff) {
        int length = Frames.frame(kryo, output, message);
        answers.add(HexFormat.of().formatHex(output.getBuffer(), 0, length));
      }

      @Override
      public String client() {
        return "recorded";
      }

      @Override
      public long connectedAtMillis() {
        return 0;
      }
    };
  }
}
