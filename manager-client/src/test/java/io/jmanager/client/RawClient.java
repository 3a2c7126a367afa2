package io.jmanager.client;

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
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
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
  private long ids;

  /** Connects from 127.0.0.1 and authenticates with {@code key}. */
  RawClient(int port, byte[] key) throws IOException {
    this(port, key, InetAddress.getLoopbackAddress());
  }

  /** Connects from local address {@code from} and authenticates with {@code key}. */
  RawClient(int port, byte[] key, InetAddress from) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port, from, 0);
    socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    Handshake.Hello hello = Handshake.readHello(Unpooled.wrappedBuffer(frame()));
    byte[] clientNonce = Handshake.nonce();
    ByteBuf auth = Handshake.auth(ByteBufAllocator.DEFAULT, key, hello.serverNonce(), clientNonce);
    byte[] bytes = new byte[auth.readableBytes()];
    auth.readBytes(bytes);
    auth.release();
    out.write(bytes);
    Handshake.readWelcome(Unpooled.wrappedBuffer(frame()), key, clientNonce, hello.serverNonce());
  }

  /** Sends a request and returns its id, without reading anything. */
  long send(long objectId, Op op, Object... args) throws IOException {
    long id = ++ids;
    Message request = new Message.Request(id, objectId, op, new ArrayList<>(Arrays.asList(args)));
    int length = MessageCodec.frame(kryo, output, request);
    out.write(output.getBuffer(), 0, length);
    return id;
  }

  /** Reads the next message; {@link EOFException} once the server has closed the connection. */
  Message read() throws IOException {
    byte[] body = frame();
    return MessageCodec.decode(kryo, new Input(), body, 0, body.length);
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

  private byte[] frame() throws IOException {
    byte[] body = new byte[in.readInt()];
    in.readFully(body);
    return body;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
