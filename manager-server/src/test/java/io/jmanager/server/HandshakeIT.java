package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.Handshake;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Speaks the handshake byte by byte over a real socket, as a hostile or outdated client would. */
class HandshakeIT {
  private static final byte[] KEY = "handshake-key".getBytes(StandardCharsets.UTF_8);
  private static ManagerServer server;

  /** A server whose handshake timeout is short, for the one test that waits for it to fire. */
  private static ManagerServer impatient;

  @BeforeAll
  static void start() {
    // every other test's handshake must end before the timeout, which is only a bound on a hang
    server = start(Duration.ofSeconds(30));
    impatient = start(Duration.ofMillis(300));
  }

  private static ManagerServer start(Duration handshakeTimeout) {
    return ManagerServer.start(
        ServerConfig.builder()
            .port(0)
            .authkey(KEY)
            .handshakeTimeout(handshakeTimeout)
            .maxFrameBytes(1024)
            .build());
  }

  @AfterAll
  static void stop() {
    server.close();
    impatient.close();
  }

  @Test
  void rightKey_isWelcomedWithASessionId_andTheServersFrameLimit() throws IOException {
    try (Socket socket = connect(server)) {
      byte[] serverNonce = readHelloNonce(socket);
      byte[] clientNonce = Handshake.nonce();
      send(socket, Handshake.auth(ByteBufAllocator.DEFAULT, KEY, serverNonce, clientNonce, 0));

      Handshake.Welcome welcome =
          Handshake.readWelcome(
              Unpooled.wrappedBuffer(readFrame(socket)), KEY, clientNonce, serverNonce);

      assertThat(welcome.sessionId()).isPositive();
      assertThat(welcome.maxFrameBytes()).isEqualTo(1024);
    }
  }

  @Test
  void otherProtocolVersion_isRefusedNamingBothVersions() throws IOException {
    try (Socket socket = connect(server)) {
      byte[] serverNonce = readHelloNonce(socket);
      ByteBuf auth =
          Handshake.auth(ByteBufAllocator.DEFAULT, KEY, serverNonce, Handshake.nonce(), 0);
      auth.setInt(Integer.BYTES + 4, 99);
      send(socket, auth);

      byte[] refused = readFrame(socket);

      assertThat(refused[0]).isEqualTo(Handshake.WRONG_VERSION);
      assertThat(new String(refused, 1, refused.length - 1, StandardCharsets.UTF_8))
          .contains("99")
          .contains(String.valueOf(Handshake.VERSION));
      assertClosed(socket);
    }
  }

  @Test
  void garbageBeforeAuthentication_isRefusedAndClosed() throws IOException {
    try (Socket socket = connect(server)) {
      readHelloNonce(socket);
      send(socket, Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 3, 1, 2, 3}));

      assertThat(readFrame(socket)[0]).isEqualTo(Handshake.WRONG_VERSION);
      assertClosed(socket);
    }
  }

  @Test
  void hugeFrameBeforeAuthentication_isClosedWithoutBufferingIt() throws IOException {
    try (Socket socket = connect(server)) {
      readHelloNonce(socket);
      send(socket, Unpooled.wrappedBuffer(new byte[] {0x7f, 0, 0, 0, 1, 2, 3, 4}));

      assertThat(readFrame(socket)[0]).isEqualTo(Handshake.WRONG_VERSION);
      assertClosed(socket);
    }
  }

  @Test
  void silentClient_isClosedAfterTheHandshakeTimeout() throws IOException {
    try (Socket socket = connect(impatient)) {
      readHelloNonce(socket);

      byte[] refused = readFrame(socket);

      assertThat(new String(refused, 1, refused.length - 1, StandardCharsets.UTF_8))
          .contains("timed out");
      assertClosed(socket);
    }
  }

  @Test
  void malformedMessageAfterAuthentication_isAnsweredWithAProtocolErrorAndClosed()
      throws IOException {
    try (Socket socket = connect(server)) {
      byte[] serverNonce = readHelloNonce(socket);
      byte[] clientNonce = Handshake.nonce();
      send(socket, Handshake.auth(ByteBufAllocator.DEFAULT, KEY, serverNonce, clientNonce, 0));
      readFrame(socket);
      send(socket, Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 2, 0x7f, 0x7f}));

      byte[] failure = readFrame(socket);

      assertThat(new String(failure, StandardCharsets.ISO_8859_1)).contains("malformed");
      assertClosed(socket);
    }
  }

  @Test
  void frameAboveTheConfiguredLimitAfterAuthentication_isRefusedAndClosed() throws IOException {
    try (Socket socket = connect(server)) {
      byte[] serverNonce = readHelloNonce(socket);
      byte[] clientNonce = Handshake.nonce();
      send(socket, Handshake.auth(ByteBufAllocator.DEFAULT, KEY, serverNonce, clientNonce, 0));
      readFrame(socket);
      send(socket, Unpooled.buffer().writeInt(1025).writeZero(8));

      byte[] failure = readFrame(socket);

      assertThat(new String(failure, StandardCharsets.ISO_8859_1))
          .contains("exceeds the limit of 1024");
      assertClosed(socket);
    }
  }

  private static Socket connect(ManagerServer to) throws IOException {
    Socket socket = new Socket("127.0.0.1", to.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static byte[] readHelloNonce(Socket socket) throws IOException {
    Handshake.Hello hello = Handshake.readHello(Unpooled.wrappedBuffer(readFrame(socket)));
    assertThat(hello.version()).isEqualTo(Handshake.VERSION);
    return hello.serverNonce();
  }

  private static byte[] readFrame(Socket socket) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] body = new byte[in.readInt()];
    in.readFully(body);
    return body;
  }

  private static void send(Socket socket, ByteBuf frame) throws IOException {
    byte[] bytes = new byte[frame.readableBytes()];
    frame.readBytes(bytes);
    frame.release();
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  private static void assertClosed(Socket socket) throws IOException {
    int next;
    try {
      next = socket.getInputStream().read();
    } catch (SocketException reset) {
      next = -1;
    }
    assertThat(next).as("the server closed the connection").isEqualTo(-1);
  }
}
