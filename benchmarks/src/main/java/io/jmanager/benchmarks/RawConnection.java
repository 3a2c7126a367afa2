package io.jmanager.benchmarks;

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
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * A connection that speaks the protocol by hand, so a benchmark can do what the real client never
 * does: park calls and never read their answers, cancel thousands at once, send part of a frame,
 * send a frame of nulls. Requests are buffered until {@link #flush}, so many go in few writes.
 */
final class RawConnection implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final Kryo kryo = ProtocolKryo.create();
  private final Output output = Frames.newOutput();
  private long ids;

  /** Connects to 127.0.0.1:{@code port} and authenticates with {@code key}. */
  RawConnection(int port, byte[] key) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
    in = new DataInputStream(socket.getInputStream());
    out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    byte[] serverNonce = Handshake.readHello(Unpooled.wrappedBuffer(readFrame())).serverNonce();
    byte[] clientNonce = Handshake.nonce();
    ByteBuf auth = Handshake.auth(ByteBufAllocator.DEFAULT, key, serverNonce, clientNonce, 0);
    out.write(ByteBufUtil.getBytes(auth));
    auth.release();
    out.flush();
    Handshake.readWelcome(Unpooled.wrappedBuffer(readFrame()), key, clientNonce, serverNonce);
  }

  /** Queues a request, written at the next {@link #flush}; returns its id. */
  long send(long objectId, Op op, Object... args) throws IOException {
    long id = ++ids;
    write(new Message.Request(id, objectId, op, new ArrayList<>(Arrays.asList(args))));
    return id;
  }

  /** Sends a request and returns its answer's value; only for a connection with nothing due. */
  Object call(long objectId, Op op, Object... args) throws IOException {
    send(objectId, op, args);
    flush();
    Message answer = read();
    if (!(answer instanceof Message.Reply reply)) {
      throw new IllegalStateException(op + " failed: " + answer);
    }
    return reply.value();
  }

  /** Queues a Cancel for every request this connection sent. */
  void cancelAll() throws IOException {
    for (long id = 1; id <= ids; id++) {
      write(new Message.Cancel(id));
    }
  }

  private void write(Message message) throws IOException {
    int length = Frames.frame(kryo, output, message);
    out.write(output.getBuffer(), 0, length);
    Frames.trim(output);
  }

  /** Queues raw bytes, such as the first part of a frame. */
  void write(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  /** Writes everything queued. */
  void flush() throws IOException {
    out.flush();
  }

  /** Reads the next message; {@link EOFException} once the server has closed the connection. */
  Message read() throws IOException {
    byte[] body = readFrame();
    return Frames.decode(kryo, new Input(), body, 0, body.length);
  }

  /**
   * Reads messages until the server closes the connection or nothing comes for {@code quiet}, and
   * hands each to {@code each}; returns whether the server closed it.
   */
  boolean readUntilClosed(Duration quiet, java.util.function.Consumer<Message> each)
      throws IOException {
    socket.setSoTimeout((int) quiet.toMillis());
    try {
      while (true) {
        each.accept(read());
      }
    } catch (EOFException | SocketException closed) {
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    }
  }

  private byte[] readFrame() throws IOException {
    byte[] body = new byte[in.readInt()];
    in.readFully(body);
    return body;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
