package io.jmanager.benchmarks;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.MessageCodec;
import io.jmanager.protocol.Op;
import io.jmanager.protocol.ProtocolKryo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
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
 * A connection that speaks the protocol by hand, so an attack can do what the real client never
 * does: park calls and never read their answers, send part of a frame, send a frame of nulls.
 */
final class RawConnection implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final Kryo kryo = ProtocolKryo.create();
  private final Output output = MessageCodec.newOutput();
  private long ids;

  /** Connects to 127.0.0.1:{@code port} and authenticates with {@code key}. */
  RawConnection(int port, byte[] key) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    byte[] serverNonce = Handshake.readHello(Unpooled.wrappedBuffer(readFrame())).serverNonce();
    byte[] clientNonce = Handshake.nonce();
    ByteBuf auth = Handshake.auth(ByteBufAllocator.DEFAULT, key, serverNonce, clientNonce);
    out.write(ByteBufUtil.getBytes(auth));
    auth.release();
    Handshake.readWelcome(Unpooled.wrappedBuffer(readFrame()), key, clientNonce, serverNonce);
  }

  /** Sends a request and returns its id, reading nothing. */
  long send(long objectId, Op op, Object... args) throws IOException {
    long id = ++ids;
    Message request = new Message.Request(id, objectId, op, new ArrayList<>(Arrays.asList(args)));
    int length = MessageCodec.frame(kryo, output, request);
    out.write(output.getBuffer(), 0, length);
    MessageCodec.trim(output);
    return id;
  }

  /** Writes raw bytes, such as the first part of a frame. */
  void write(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  /** Reads the next message; {@link EOFException} once the server has closed the connection. */
  Message read() throws IOException {
    byte[] body = readFrame();
    return MessageCodec.decode(kryo, new Input(), body, 0, body.length);
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
