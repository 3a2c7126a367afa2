package io.jmanager.client;

import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.HandshakeException;
import io.jmanager.protocol.Timeouts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * The client's side of opening a connection: TCP, then TLS if asked, then the jmanager handshake
 * (see {@link Handshake}), each failure reported as the exception a caller of {@link
 * Manager#connect} expects. Used once, by the thread that connects.
 */
final class ClientHandshake {
  /*
   * The handshake's one-time costs (buffer classes, the JCE provider behind HMAC, seeding the
   * random source) are paid here, before any socket opens: a JVM starting among many on a busy
   * machine could otherwise spend the server's whole handshake timeout on them.
   */
  static {
    Handshake.auth(
            UnpooledByteBufAllocator.DEFAULT, new byte[0], Handshake.nonce(), Handshake.nonce(), 0)
        .release();
  }

  /**
   * An authenticated connection: the TCP socket, what calls read and write (it, or TLS over it),
   * their streams, the server's frame limit (the largest request body it accepts), and how long the
   * server keeps the session after losing the connection, in milliseconds (0: not at all).
   */
  record Link(
      Socket tcp,
      Socket socket,
      InputStream in,
      OutputStream out,
      int maxRequestBytes,
      int leaseMillis) {
    /** Closes the TCP connection at once, whoever is reading or writing, without close_notify. */
    void cut() {
      ClientHandshake.cut(tcp);
    }
  }

  private final String host;
  private final int port;
  private final String address;
  private final int timeoutMillis;

  private ClientHandshake(String host, int port, Duration connectTimeout) {
    this.host = host;
    this.port = port;
    this.address = host + ":" + port;
    this.timeoutMillis =
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, Timeouts.nanos(connectTimeout) / 1_000_000));
  }

  /**
   * Connects to {@code host:port} and proves both sides hold {@code authkey}, over TLS when {@code
   * tls} is not null; each step may take up to {@code connectTimeout}. Throws {@link
   * AuthenticationException} for a wrong key or a failed TLS handshake, {@link ServerBusyException}
   * when the server is full, and {@link ManagerException} otherwise, with nothing left open.
   */
  static Link open(
      String host,
      int port,
      byte[] authkey,
      ClientTls tls,
      Keepalive keepalive,
      Duration connectTimeout) {
    return new ClientHandshake(host, port, connectTimeout).connect(authkey, tls, keepalive);
  }

  private Link connect(byte[] authkey, ClientTls tls, Keepalive keepalive) {
    Socket tcp = new Socket();
    try {
      tcp.setTcpNoDelay(true);
      keepalive.apply(tcp);
      tcp.connect(new InetSocketAddress(host, port), timeoutMillis);
      Socket socket = tls == null ? tcp : startTls(tcp, tls);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      Handshake.Welcome welcome = handshake(socket, in, out, authkey, tls != null);
      return new Link(tcp, socket, in, out, welcome.maxFrameBytes(), welcome.leaseMillis());
    } catch (IOException e) {
      cut(tcp);
      throw new ManagerException("cannot connect to " + address + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      cut(tcp);
      throw e;
    }
  }

  /**
   * Closes the TCP connection without TLS's close_notify: that alert could wait for ever on a full
   * send buffer when the server has stopped reading, and a cut cannot pass for a whole message,
   * since every frame states its length.
   */
  private static void cut(Socket tcp) {
    try {
      tcp.close();
    } catch (IOException ignored) {
      // closing anyway: nothing more to release
    }
  }

  /** Runs the TLS handshake over the connected socket. */
  private Socket startTls(Socket tcp, ClientTls tls) {
    try {
      return tls.open(tcp, host, port, timeoutMillis);
    } catch (SSLException e) {
      throw tlsFailed(e);
    } catch (SocketTimeoutException e) {
      throw new ManagerException(
          "no TLS handshake from " + address + " within " + Duration.ofMillis(timeoutMillis));
    } catch (IOException e) {
      throw new ManagerException("TLS handshake with " + address + " failed: " + e, e);
    }
  }

  private AuthenticationException tlsFailed(SSLException e) {
    return new AuthenticationException(
        "TLS handshake with " + address + " failed: " + ClientTls.reason(e), e);
  }

  /**
   * Proves both sides hold the authkey (see {@link Handshake}) before any Kryo decoding. A
   * plaintext client of a server that requires TLS reads nothing here: the server waits for a TLS
   * handshake, then refuses it or closes, so the errors say TLS may be required.
   */
  private Handshake.Welcome handshake(
      Socket socket, InputStream in, OutputStream out, byte[] authkey, boolean overTls) {
    String maybeTls =
        overTls
            ? ""
            : " (if the server requires TLS, connect with TLS: Manager.Builder.tls, or"
                + " JMANAGER_TLS_CA for Manager.fromEnvironment)";
    try {
      socket.setSoTimeout(timeoutMillis);
      return exchange(in, out, authkey);
    } catch (HandshakeException e) {
      throw refused(e);
    } catch (SSLException e) {
      // TLS 1.3 ends the client's TLS handshake before the server has checked its certificate,
      // so a refused client certificate is only heard of now
      throw tlsFailed(e);
    } catch (SocketTimeoutException e) {
      throw new ManagerException(
          "no handshake from "
              + address
              + " within "
              + Duration.ofMillis(timeoutMillis)
              + maybeTls);
    } catch (EOFException e) {
      throw new ManagerException(
          "server " + address + " closed the connection during the handshake" + maybeTls);
    } catch (IOException e) {
      throw new ManagerException("handshake with " + address + " failed: " + e.getMessage(), e);
    }
  }

  /** Reads HELLO, answers AUTH and reads WELCOME. */
  private static Handshake.Welcome exchange(InputStream in, OutputStream out, byte[] authkey)
      throws IOException {
    Handshake.Hello hello = Handshake.readHello(readFrame(in));
    byte[] clientNonce = Handshake.nonce();
    ByteBuf auth =
        Handshake.auth(
            UnpooledByteBufAllocator.DEFAULT, authkey, hello.serverNonce(), clientNonce, 0);
    try {
      auth.readBytes(out, auth.readableBytes());
    } finally {
      auth.release();
    }
    return Handshake.readWelcome(readFrame(in), authkey, clientNonce, hello.serverNonce());
  }

  private ManagerException refused(HandshakeException e) {
    String message = "server " + address + " refused the connection: " + e.getMessage();
    return switch (e.status()) {
      case Handshake.WRONG_KEY -> new AuthenticationException(message);
      case Handshake.BUSY -> new ServerBusyException(message);
      default -> new ManagerException(message);
    };
  }

  private static ByteBuf readFrame(InputStream in) throws IOException {
    byte[] prefix = in.readNBytes(Integer.BYTES);
    if (prefix.length < Integer.BYTES) {
      throw new EOFException();
    }
    int length = Unpooled.wrappedBuffer(prefix).readInt();
    if (length < 0 || length > Handshake.MAX_FRAME_BYTES) {
      throw new HandshakeException(Handshake.WRONG_VERSION, "not a jmanager handshake");
    }
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new EOFException();
    }
    return Unpooled.wrappedBuffer(body);
  }
}
