package io.jmanager.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ProtocolKryo;
import io.jmanager.server.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A fake server that authenticates one client with the empty key, then lets a test read the
 * client's messages and answer them by hand, late, or never: what a stuck or slow server does.
 */
final class ScriptedServer implements AutoCloseable {
  private static final Duration BOUND = Duration.ofSeconds(30);

  private final ServerSocket listener = new ServerSocket(0);
  private final CompletableFuture<Socket> client = new CompletableFuture<>();
  private final Kryo kryo = ProtocolKryo.create();

  ScriptedServer() throws IOException {
    Thread acceptor = new Thread(this::acceptOne, "scripted-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Connects a manager with this call timeout. */
  Manager connect(Duration callTimeout) {
    return Manager.builder()
        .address("127.0.0.1", listener.getLocalPort())
        .callTimeout(callTimeout)
        .connect();
  }

  /** Runs {@code opening} (a call such as {@code m.lock(name)}) and answers its OPEN request. */
  <T> T open(Supplier<T> opening) throws Exception {
    CompletableFuture<T> opened = CompletableFuture.supplyAsync(opening);
    Message.Request open = (Message.Request) read();
    if (open.op() != ManagerOp.OPEN) {
      throw new AssertionError("expected OPEN, got " + open);
    }
    write(new Message.Reply(open.id(), new ArrayList<Object>(List.of(1L, 0))));
    return opened.get(BOUND.toSeconds(), TimeUnit.SECONDS);
  }

  /** Reads the client's next message, waiting at most 30 s. */
  Message read() throws Exception {
    DataInputStream in = new DataInputStream(socket().getInputStream());
    byte[] body = new byte[in.readInt()];
    in.readFully(body);
    return Frames.decode(kryo, new Input(), body, 0, body.length);
  }

  /** Sends a message to the client. */
  void write(Message message) throws Exception {
    socket().getOutputStream().write(RawClient.frame(message));
  }

  private Socket socket() throws Exception {
    return client.get(BOUND.toSeconds(), TimeUnit.SECONDS);
  }

  private void acceptOne() {
    try {
      Socket socket = listener.accept();
      socket.setSoTimeout((int) BOUND.toMillis());
      welcome(socket);
      client.complete(socket);
    } catch (IOException | RuntimeException e) {
      client.completeExceptionally(e);
    }
  }

  /** Plays the server's side of the handshake with a client of the empty key, and lets it in. */
  static void welcome(Socket socket) throws IOException {
    byte[] serverNonce = Handshake.nonce();
    write(socket, Handshake.hello(ByteBufAllocator.DEFAULT, Handshake.VERSION, serverNonce));
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] auth = new byte[in.readInt()];
    in.readFully(auth);
    Handshake.Auth parsed = Handshake.readAuth(Unpooled.wrappedBuffer(auth));
    write(
        socket,
        Handshake.welcome(
            ByteBufAllocator.DEFAULT,
            new byte[0],
            parsed.clientNonce(),
            serverNonce,
            1,
            ServerConfig.DEFAULT_MAX_FRAME_BYTES,
            0));
  }

  private static void write(Socket socket, ByteBuf frame) throws IOException {
    socket.getOutputStream().write(ByteBufUtil.getBytes(frame));
    frame.release();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    if (client.isDone() && !client.isCompletedExceptionally()) {
      client.join().close();
    }
  }
}
