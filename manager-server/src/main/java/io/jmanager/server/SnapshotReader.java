package io.jmanager.server;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.MalformedFrameException;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ProtocolKryo;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back the fields a {@link SnapshotWriter} wrote, naming what it was reading in every {@link
 * SnapshotFormatException}. Nothing is allocated ahead of the bytes that fill it, so a corrupted
 * length or count ends the stream before it can exhaust the heap. Not thread-safe: one per
 * snapshot.
 */
final class SnapshotReader {
  /** Reads one parked call's payload. */
  interface Payload<T> {
    T read(SnapshotReader in) throws IOException;

    /** For calls that carry nothing. */
    static <T> Payload<T> none() {
      return in -> null;
    }
  }

  private final DataInputStream in;
  private final WaiterLimits limits;
  private final Map<Long, Session> sessions = new HashMap<>();
  private final Map<Long, Session> gone = new HashMap<>();
  private final Kryo kryo = ProtocolKryo.create();
  private final Input input = new Input();
  private String context = "the snapshot's header";

  SnapshotReader(DataInputStream in, WaiterLimits limits) {
    this.in = in;
    this.limits = limits;
  }

  /** Names what is being read now, such as an object, for the messages of failures. */
  void context(String context) {
    this.context = context;
  }

  String context() {
    return context;
  }

  /** Makes {@code session} known to the references read from now on. */
  void known(Session session) {
    sessions.put(session.id(), session);
  }

  long readLong(String what) throws IOException {
    try {
      return in.readLong();
    } catch (EOFException e) {
      throw ended(what);
    }
  }

  int readInt(String what) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw ended(what);
    }
  }

  boolean readBoolean(String what) throws IOException {
    try {
      return in.readBoolean();
    } catch (EOFException e) {
      throw ended(what);
    }
  }

  /** A count of what follows: never negative. */
  int readCount(String what) throws IOException {
    int count = readInt(what);
    if (count < 0) {
      throw corrupted("a count of " + what + " is negative: " + count);
    }
    return count;
  }

  /** One of {@code values}, by its ordinal. */
  <E extends Enum<E>> E readEnum(E[] values, String what) throws IOException {
    int ordinal = readInt(what);
    if (ordinal < 0 || ordinal >= values.length) {
      throw corrupted(what + " has no constant " + ordinal);
    }
    return values[ordinal];
  }

  byte[] readBytes(String what) throws IOException {
    int length = readCount(what);
    // read in chunks by the stream: a corrupted length fails at the end of the bytes there are
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw ended(what);
    }
    return bytes;
  }

  byte[] readNullableBytes(String what) throws IOException {
    return readBoolean(what) ? readBytes(what) : null;
  }

  String readString(String what) throws IOException {
    return new String(readBytes(what), StandardCharsets.UTF_8);
  }

  String readNullableString(String what) throws IOException {
    return readBoolean(what) ? readString(what) : null;
  }

  List<byte[]> readByteList(String what) throws IOException {
    int count = readCount(what);
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(readBytes(what));
    }
    return values;
  }

  /**
   * A session by its id: an open one of the snapshot, or, for one that closed while an object still
   * names it (a pool worker's former handle), a closed session of that id.
   */
  Session readSession(String what) throws IOException {
    long id = readLong(what);
    Session session = sessions.get(id);
    if (session == null) {
      session = gone.computeIfAbsent(id, this::closedSession);
    }
    return session;
  }

  private Session closedSession(long id) {
    Session session = new Session(id, Session.Output.NOWHERE, Session.Timers.NONE, limits, false);
    session.close();
    return session;
  }

  /** A session of the snapshot, as a parked call or a holder must be. */
  Session readKnownSession(String what) throws IOException {
    long id = readLong(what);
    Session session = sessions.get(id);
    if (session == null) {
      throw corrupted(what + " names session " + id + ", which the snapshot does not have");
    }
    return session;
  }

  /** Parks again, in order, the calls {@link SnapshotWriter#writeWaiters} wrote of a queue. */
  <T> void readWaiters(Waiters<T> queue, Payload<T> payload, String what) throws IOException {
    int count = readCount(what);
    for (int i = 0; i < count; i++) {
      Call call = readCall(what);
      long deadline = readLong(what + ": a deadline");
      boolean mapped = readBoolean(what + ": a request id's entry");
      queue.restore(call, payload.read(this), deadline, mapped);
    }
  }

  private Call readCall(String what) throws IOException {
    Session session = readKnownSession(what + ": a session");
    Message message = readMessage(what + ": a request");
    if (!(message instanceof Message.Request request)) {
      throw corrupted("a request of " + what + " is a " + message.getClass().getSimpleName());
    }
    return new Call(session, request, readLong(what + ": a call's time"));
  }

  /** Reads a message written by {@link SnapshotWriter#writeMessage}. */
  Message readMessage(String what) throws IOException {
    byte[] body = readBytes(what);
    try {
      return Frames.decode(kryo, input, body, 0, body.length);
    } catch (MalformedFrameException e) {
      throw new SnapshotFormatException(
          "the snapshot is corrupted: " + what + " in " + context + " is malformed", e);
    }
  }

  /** The failure of a snapshot that ends while reading {@code what}. */
  SnapshotFormatException ended(String what) {
    return new SnapshotFormatException(
        "the snapshot is truncated: it ends while reading " + what + " in " + context);
  }

  /** The failure of a snapshot whose bytes make no sense. */
  SnapshotFormatException corrupted(String why) {
    return new SnapshotFormatException("the snapshot is corrupted: " + why + " in " + context);
  }
}
