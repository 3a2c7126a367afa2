package io.jmanager.client;

import io.jmanager.protocol.Handshake;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server that plays a cluster follower's part of the handshake, with the protocol's own frames:
 * it sends HELLO, checks the client's proof, and refuses a client that holds its key as not the
 * leader, naming the leader it was told (or none); a client without the key is refused as such. Or
 * it hangs up after reading the proof, as a server that dies mid-handshake. It counts the
 * connections that reached it, and answers them one at a time until closed.
 */
final class FollowerStub implements AutoCloseable {
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
  private static final int READ_TIMEOUT_MILLIS = (int) Duration.ofSeconds(30).toMillis();

  private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  private final byte[] authkey;
  private final AtomicInteger contacts = new AtomicInteger();
  private volatile String leader = "";
  private volatile boolean hangUp;

  /** A follower of {@code authkey} that knows no leader until {@link #leader(String)}. */
  FollowerStub(byte[] authkey) throws IOException {
    this.authkey = authkey.clone();
    Thread acceptor = new Thread(this::serve, "follower-stub-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Names {@code address} as the leader from now on; empty for none. */
  FollowerStub leader(String address) {
    leader = address;
    return this;
  }

  /** Closes each connection after reading the client's proof, without an answer. */
  FollowerStub hangingUp() {
    hangUp = true;
    return this;
  }

  /** This stub's address, as host:port. */
  String address() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  /** How many connections reached this stub. */
  int contacts() {
    return contacts.get();
  }

  private void serve() {
    while (!listener.isClosed()) {
      try (Socket socket = listener.accept()) {
        contacts.incrementAndGet();
        refuse(socket);
      } catch (IOException | RuntimeException e) {
        // the stub was closed, or the client went away or sent garbage: serve the next
      }
    }
  }

  private void refuse(Socket socket) throws IOException {
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    byte[] serverNonce = Handshake.nonce();
    write(socket, Handshake.hello(ALLOC, Handshake.VERSION, serverNonce));
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] body = new byte[in.readInt()];
    in.readFully(body);
    Handshake.Auth auth = Handshake.readAuth(Unpooled.wrappedBuffer(body));
    if (hangUp) {
      return;
    }
    write(
        socket,
        Handshake.clientProofValid(authkey, serverNonce, auth)
            ? Handshake.notLeader(ALLOC, leader)
            : Handshake.refused(ALLOC, Handshake.WRONG_KEY, "authentication failed"));
  }

  private static void write(Socket socket, ByteBuf frame) throws IOException {
    try {
      socket.getOutputStream().write(ByteBufUtil.getBytes(frame));
    } finally {
      frame.release();
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }

  /** An address where nothing listens: a loopback port that was bound, then released. */
  static String nobody() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "127.0.0.1:" + socket.getLocalPort();
    }
  }
}
