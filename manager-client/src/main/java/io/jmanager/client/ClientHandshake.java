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
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The client's side of opening a connection to one address: TCP, then TLS if asked, then the
 * jmanager handshake (see {@link Handshake}). A failure that another address, or this one later,
 * may not have is thrown as {@link Unavailable}; the others (a wrong key, a failed TLS handshake, a
 * version mismatch) as the exception a caller of {@link Manager#connect} gets. {@link Connector}
 * chooses the addresses. Used once, by the thread that connects.
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
   * Pays the one-time costs above now, if this JVM has not yet: a connect timeout counts from after
   * them, since the time they take (seconds for a JVM starting on a busy machine) says nothing
   * about the servers.
   */
  static void load() {
    // the class is initialized by this call
  }

  /**
   * An authenticated connection: the server's address, the TCP socket, what calls read and write
   * (it, or TLS over it), their streams, the server's frame limit (the largest request body it
   * accepts), the session's id, and how long the server keeps the session after losing the
   * connection, in milliseconds (0: not at all).
   */
  record Link(
      Addresses.Address address,
      Socket tcp,
      Socket socket,
      InputStream in,
      OutputStream out,
      int maxRequestBytes,
      long sessionId,
      int leaseMillis) {
    /** Closes the TCP connection at once, whoever is reading or writing, without close_notify. */
    void cut() {
      ClientHandshake.cut(tcp);
    }
  }

  /**
   * The address did not let this client in, but another address, or this one later, may: it could
   * not be reached, was busy, closed the connection or did not answer in time, or is not its
   * cluster's leader. {@link #failure()} is what connecting to this address alone throws.
   */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;
    private final ManagerException failure;
    private final boolean follower;
    private final Addresses.Address leader;

    Unavailable(ManagerException failure) {
      this(failure, false, null);
    }

    Unavailable(ManagerException failure, boolean follower, Addresses.Address leader) {
      super(failure.getMessage(), failure, false, false);
      this.failure = failure;
      this.follower = follower;
      this.leader = leader;
    }

    /** The exception a caller connecting to this address alone gets. */
    ManagerException failure() {
      return failure;
    }

    /** Whether the server said it is a follower in a cluster (REFUSED not the leader). */
    boolean follower() {
      return follower;
    }

    /** The leader a follower named; null when it named none. */
    Addresses.Address leader() {
      return leader;
    }
  }

  private final Addresses.Address server;
  private final String address;
  private final Duration timeout;
  private final long deadline;
  private final long resume;

  private ClientHandshake(Addresses.Address server, Duration timeout, long resume) {
    this.server = server;
    this.address = server.toString();
    this.timeout = timeout;
    this.deadline = System.nanoTime() + Timeouts.nanos(timeout);
    this.resume = resume;
  }

  /**
   * Connects to {@code server} and proves both sides hold {@code authkey}, over TLS when {@code
   * tls} is not null, all within {@code timeout}, the TCP connection itself within {@code reach}
   * (at most the timeout). Throws {@link Unavailable} when another address or a later try may
   * succeed, {@link AuthenticationException} for a wrong key or a failed TLS handshake, {@link
   * SessionExpiredException} when session {@code resume} (not 0) is closed, and {@link
   * ManagerException} for a server of another version or no jmanager server at all, with nothing
   * left open.
   */
  static Link open(
      Addresses.Address server,
      byte[] authkey,
      ClientTls tls,
      Keepalive keepalive,
      Duration timeout,
      Duration reach,
      long resume)
      throws Unavailable {
    return new ClientHandshake(server, timeout, resume).connect(authkey, tls, keepalive, reach);
  }

  private Link connect(byte[] authkey, ClientTls tls, Keepalive keepalive, Duration reach)
      throws Unavailable {
    Socket tcp = new Socket();
    try {
      tcp.setTcpNoDelay(true);
      keepalive.apply(tcp);
      tcp.connect(
          new InetSocketAddress(server.host(), server.port()),
          (int) Math.min(millisLeft(), Math.max(1, reach.toMillis())));
      Socket socket = tls == null ? tcp : startTls(tcp, tls);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      Handshake.Welcome welcome = handshake(socket, in, out, authkey, tls != null);
      return new Link(
          server,
          tcp,
          socket,
          in,
          out,
          welcome.maxFrameBytes(),
          welcome.sessionId(),
          welcome.leaseMillis());
    } catch (IOException e) {
      cut(tcp);
      throw unavailable("cannot connect to " + address + ": " + e.getMessage(), e);
    } catch (Unavailable | RuntimeException e) {
      cut(tcp);
      throw e;
    }
  }

  /** What is left of the timeout, in milliseconds; at least 1, since 0 would mean no limit. */
  private int millisLeft() {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
  }

  private static Unavailable unavailable(String message, IOException cause) {
    return new Unavailable(new ManagerException(message, cause));
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
  private Socket startTls(Socket tcp, ClientTls tls) throws Unavailable {
    try {
      return tls.open(tcp, server.host(), server.port(), millisLeft());
    } catch (SSLException e) {
      throw tlsFailed(e);
    } catch (SocketTimeoutException e) {
      throw unavailable("no TLS handshake from " + address + " within " + timeout, e);
    } catch (IOException e) {
      throw unavailable("TLS handshake with " + address + " failed: " + e, e);
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
      Socket socket, InputStream in, OutputStream out, byte[] authkey, boolean overTls)
      throws Unavailable {
    String maybeTls =
        overTls
            ? ""
            : " (if the server requires TLS, connect with TLS: Manager.Builder.tls, or"
                + " JMANAGER_TLS_CA for Manager.fromEnvironment)";
    try {
      return exchange(socket, in, out, authkey);
    } catch (HandshakeException e) {
      throw refused(e);
    } catch (SSLException e) {
      // TLS 1.3 ends the client's TLS handshake before the server has checked its certificate,
      // so a refused client certificate is only heard of now
      throw tlsFailed(e);
    } catch (SocketTimeoutException e) {
      throw unavailable("no handshake from " + address + " within " + timeout + maybeTls, e);
    } catch (EOFException e) {
      throw unavailable(
          "server " + address + " closed the connection during the handshake" + maybeTls, e);
    } catch (IOException e) {
      throw unavailable("handshake with " + address + " failed: " + e.getMessage(), e);
    }
  }

  /** Reads HELLO, answers AUTH and reads WELCOME, each read within what is left of the timeout. */
  private Handshake.Welcome exchange(
      Socket socket, InputStream in, OutputStream out, byte[] authkey) throws IOException {
    socket.setSoTimeout(millisLeft());
    Handshake.Hello hello = Handshake.readHello(readFrame(in));
    byte[] clientNonce = Handshake.nonce();
    ByteBuf auth =
        Handshake.auth(
            UnpooledByteBufAllocator.DEFAULT, authkey, hello.serverNonce(), clientNonce, resume);
    try {
      auth.readBytes(out, auth.readableBytes());
    } finally {
      auth.release();
    }
    socket.setSoTimeout(millisLeft());
    return Handshake.readWelcome(readFrame(in), authkey, clientNonce, hello.serverNonce());
  }

  /**
   * Returns what to throw for a busy server or a follower, which another address may not be; throws
   * at once for a wrong key or a version mismatch, which every server of a cluster shares.
   */
  private Unavailable refused(HandshakeException e) {
    String message = "server " + address + " refused the connection: " + e.getMessage();
    if (e.status() == Handshake.BUSY) {
      return new Unavailable(new ServerBusyException(message));
    }
    if (e.status() == Handshake.NOT_LEADER) {
      return notLeader(e.getMessage());
    }
    if (e.status() == Handshake.SESSION_EXPIRED) {
      throw new SessionExpiredException(message);
    }
    throw e.status() == Handshake.WRONG_KEY
        ? new AuthenticationException(message)
        : new ManagerException(message);
  }

  /** A follower's refusal, naming the leader's address or, when empty, none. */
  private Unavailable notLeader(String leader) {
    Addresses.Address named = leader.isEmpty() ? null : oneAddress(leader);
    String why;
    if (leader.isEmpty()) {
      why = " and knows of none now (an election may be under way)";
    } else if (named == null) {
      why = " and named no usable leader: \"" + leader + "\"";
    } else {
      why = "; it named " + named + " as the leader";
    }
    return new Unavailable(
        new ManagerException("server " + address + " is not its cluster's leader" + why),
        true,
        named);
  }

  /** The one address {@code text} holds; null when it holds none, several or a malformed one. */
  private static Addresses.Address oneAddress(String text) {
    try {
      Addresses parsed = Addresses.parse(text);
      return parsed.size() == 1 ? parsed.list().get(0) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
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
