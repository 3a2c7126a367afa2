package io.jmanager.server;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ProtocolKryo;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Writes the fields of a {@link Snapshot}, in the encodings its format describes; each shared type
 * writes its own state with it. Not thread-safe: one per snapshot.
 */
final class SnapshotWriter {
  /** Writes one parked call's payload. */
  interface Payload<T> {
    void write(SnapshotWriter out, T payload) throws IOException;

    /** For calls that carry nothing. */
    static <T> Payload<T> none() {
      return (out, payload) -> {};
    }
  }

  private final DataOutputStream out;
  private final Kryo kryo = ProtocolKryo.create();
  private final Output frame = Frames.newOutput();

  SnapshotWriter(DataOutputStream out) {
    this.out = out;
  }

  void writeLong(long value) throws IOException {
    out.writeLong(value);
  }

  void writeInt(int value) throws IOException {
    out.writeInt(value);
  }

  void writeBoolean(boolean value) throws IOException {
    out.writeBoolean(value);
  }

  /** A value's bytes: its length, then the bytes. */
  void writeBytes(byte[] value) throws IOException {
    out.writeInt(value.length);
    out.write(value);
  }

  /** A value that may be null: a flag, then the bytes if present. */
  void writeNullableBytes(byte[] value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      writeBytes(value);
    }
  }

  /** A string as its UTF-8 bytes. */
  void writeString(String value) throws IOException {
    writeBytes(value.getBytes(StandardCharsets.UTF_8));
  }

  void writeNullableString(String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      writeString(value);
    }
  }

  /** A session, by its id. */
  void writeSession(Session session) throws IOException {
    out.writeLong(session.id());
  }

  /** A list of serialized values: its count, then each. */
  void writeByteList(Collection<byte[]> values) throws IOException {
    out.writeInt(values.size());
    for (byte[] value : values) {
      writeBytes(value);
    }
  }

  /**
   * The calls parked in {@code queue}, first to last: each call's session, request and time, its
   * deadline, whether its session finds it by its request id, then its payload.
   */
  <T> void writeWaiters(Waiters<T> queue, Payload<T> payload) throws IOException {
    var waiters = queue.all();
    out.writeInt(waiters.size());
    for (Waiters.Waiter<T> waiter : waiters) {
      writeCall(waiter.call);
      out.writeLong(waiter.deadline());
      out.writeBoolean(waiter.call.session().waiter(waiter.call.id()) == waiter);
      payload.write(this, waiter.payload);
    }
  }

  private void writeCall(Call call) throws IOException {
    writeSession(call.session());
    writeMessage(call.request());
    out.writeLong(call.time());
  }

  /** Writes a message as a frame body of the protocol's Kryo: length, bytes. */
  void writeMessage(Message message) throws IOException {
    int length = Frames.frame(kryo, frame, message) - Integer.BYTES;
    out.writeInt(length);
    out.write(frame.getBuffer(), Integer.BYTES, length);
    Frames.trim(frame);
  }
}
