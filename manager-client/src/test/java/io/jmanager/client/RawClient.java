package io.jmanager.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.Op;
import io.jmanager.protocol.ProtocolKryo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A client that speaks the protocol by hand over a plain socket, so a test can misbehave the way a
 * real client never does: send without reading, stay silent, read only when it chooses.
 */
final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final Kryo kryo = ProtocolKryo.create();
  private final Output output = new Output(256, -1);
  private final byte[] clientNonce = Handshake.nonce();
  private final byte[] serverNonce;
  private long ids;

  /** Connects from 127.0.0.1 and authenticates with {@code key}. */
  RawClient(int port, byte[] key) throws IOException {
    this(port, key, InetAddress.getLoopbackAddress());
  }

  /** Connects from local address {@code from} and authenticates with {@code key}. */
  RawClient(int port, byte[] key, InetAddress from) throws IOException {
    this(port, from);
    write(authFrame(key));
    Handshake.readWelcome(Unpooled.wrappedBuffer(readFrame()), key, clientNonce, serverNonce);
  }

  private RawClient(int port, InetAddress from) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port, from, 0);
    socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    try {
      serverNonce = Handshake.readHello(Unpooled.wrappedBuffer(readFrame())).serverNonce();
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Connects from 127.0.0.1 and reads HELLO, but sends nothing. */
  static RawClient unauthenticated(int port) throws IOException {
    return unauthenticated(port, InetAddress.getLoopbackAddress());
  }

  /**
   * Connects from local address {@code from} and reads HELLO, but sends nothing; throws {@link
   * io.jmanager.protocol.HandshakeException} when the server answers REFUSED in its place.
   */
  static RawClient unauthenticated(int port, InetAddress from) throws IOException {
    return new RawClient(port, from);
  }

  /** Sends AUTH proving {@code key} and returns the body of the answer, WELCOME or REFUSED. */
  byte[] answerTo(byte[] key) throws IOException {
    write(authFrame(key));
    return readFrame();
  }

  /** AUTH for this connection's HELLO, as the bytes of a whole frame. */
  byte[] authFrame(byte[] key) {
    ByteBuf auth = Handshake.auth(ByteBufAllocator.DEFAULT, key, serverNonce, clientNonce, 0);
    byte[] bytes = ByteBufUtil.getBytes(auth);
    auth.release();
    return bytes;
  }

  /** The bytes of a whole frame holding {@code message}, as the real codec writes it. */
  static byte[] frame(Message message) {
    Output output = new Output(256, -1);
    int length = Frames.frame(ProtocolKryo.create(), output, message);
    return Arrays.copyOf(output.getBuffer(), length);
  }

  /** The whole frame, length prefix included, of {@code body}. */
  static byte[] frame(byte[] body) {
    return ByteBuffer.allocate(Integer.BYTES + body.length).putInt(body.length).put(body).array();
  }

  /** Writes Kryo's record for a class named rather than registered, as a permissive Kryo would. */
  static void writeClassName(Output out, String className) {
    out.writeVarInt(1, true); // Kryo's NAME marker, -1 + 2
    out.writeVarInt(0, true); // the first name of this stream
    out.writeString(className);
  }

  /** Writes raw bytes, in one write. */
  void write(byte[]... parts) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    out.write(all.toByteArray());
    out.flush();
  }

  /** Sets how long a read waits before it fails with {@link SocketTimeoutException}. */
  void readTimeout(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
  }

  /**
   * Reads and drops whatever comes until the server closes the connection; false if it is still
   * open after {@code timeout}.
   */
  boolean closedWithin(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] sink = new byte[8192];
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        if (in.read(sink) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  /** Sends a request and returns its id, without reading anything. */
  long send(long objectId, Op op, Object... args) throws IOException {
    long id = ++ids;
    Message request = new Message.Request(id, objectId, op, new ArrayList<>(Arrays.asList(args)));
    int length = Frames.frame(kryo, output, request);
    out.write(output.getBuffer(), 0, length);
    return id;
  }

  /** Reads the next message; {@link EOFException} once the server has closed the connection. */
  Message read() throws IOException {
    byte[] body = readFrame();
    return Frames.decode(kryo, new Input(), body, 0, body.length);
  }

  /** Reads every message until the server closes the connection. */
  List<Message> readUntilClosed() throws IOException {
    List<Message> messages = new ArrayList<>();
    while (true) {
      try {
        messages.add(read());
      } catch (EOFException closed) {
        return messages;
      }
    }
  }

  /** Tells the server this client will send nothing more (a half-close). */
  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** Reads the body of the next frame, whatever it holds. */
  byte[] readFrame() throws IOException {
    byte[] body = new byte[in.readInt()];
    in.readFully(body);
    return body;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
