package io.jmanager.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The handshake that opens every connection, before any Kryo decoding. Both sides prove they hold
 * the authkey with HMAC-SHA256 over both nonces, each side with its own label so that no answer can
 * be reflected back:
 *
 * <pre>
 * server -> client  HELLO    magic "JMGR" | version int32 | server nonce (32)
 * client -> server  AUTH     magic "JMGR" | version int32 | client nonce (32)
 *                            | HMAC(key, "jmanager-client" | server nonce | client nonce)
 *                            | session to resume int64 (0: a new session)
 * server -> client  WELCOME  status 0 | HMAC(key, "jmanager-server" | client nonce | server nonce)
 *                            | session id int64 | max frame bytes int32 | lease ms int32
 *               or  REFUSED  status 1 (version), 2 (authentication), 3 (busy), 4 (not the
 *                            leader) or 5 (session expired) | UTF-8 reason; for 4, the leader's
 *                            client address, host:port or [IPv6]:port, or empty when the
 *                            server knows no leader now
 * </pre>
 *
 * WELCOME's max frame bytes is the largest request body the server accepts from now on (its frame
 * limit, above zero): the client refuses a larger request itself, on the calling thread, rather
 * than send it and have the server close the connection that all its threads share.
 *
 * <p>WELCOME's lease says whether the session outlives its connection. At 0 (in memory) it ends
 * with it. Above 0 (a durable server, alone or in a cluster) the server keeps it for that many
 * milliseconds after a connection lost without a close: the client may connect again, to this
 * server or to the cluster's next leader, and resume it by its id in AUTH, then send again every
 * request it has no answer to, under the same ids; the server applies each request once and sends
 * again the answers the client has not acknowledged ({@link Message.Ack}). A session that is gone
 * by then is refused with status 5.
 *
 * <p>A server that refuses a connection before the handshake (too many connections in their
 * handshake, or too many failed handshakes from that address) sends REFUSED with status 3 in place
 * of HELLO; HELLO's first byte is always 'J', never a status. REFUSED with status 3 can also come
 * after HELLO: in place of WELCOME (the address is past its failed-handshake limit, checked before
 * the key, or the server has no room for another session), or at any time before WELCOME (the
 * server made room for a newer handshake). With TLS on, every frame travels inside TLS, except one:
 * a connection with no TLS handshake done by the handshake timeout, most likely a plaintext client
 * waiting for HELLO, gets REFUSED with status 1 in plaintext, saying that TLS is required.
 *
 * <p>A server of a replicated cluster that is not its leader sends REFUSED with status 4 in place
 * of WELCOME, once the client's proof has been checked, so that only key holders learn where the
 * leader is; the client then tries the leader, or, with an empty reason (an election is under way),
 * its other addresses. REFUSED's status is never 4 before AUTH: a reader of HELLO takes it as not
 * understood (status 1).
 *
 * <p>Each is one frame (int32 length + body). MACs are compared in constant time.
 */
public final class Handshake {
  /**
   * The protocol version both sides must speak; 2 added WELCOME's max frame bytes, 3 the session to
   * resume and the lease.
   */
  public static final int VERSION = 3;

  /** Largest frame accepted before authentication. */
  public static final int MAX_FRAME_BYTES = 256;

  /** WELCOME status. */
  public static final byte OK = 0;

  /** REFUSED status: the versions differ. */
  public static final byte WRONG_VERSION = 1;

  /** REFUSED status: the peer does not hold the authkey. */
  public static final byte WRONG_KEY = 2;

  /** REFUSED status: a connection limit; trying again later may succeed. */
  public static final byte BUSY = 3;

  /**
   * REFUSED status, in place of WELCOME: this server is not the cluster's leader; the reason is the
   * leader's client address, or empty when this server knows no leader now.
   */
  public static final byte NOT_LEADER = 4;

  /** REFUSED status, in place of WELCOME: the session to resume is closed, its lease run out. */
  public static final byte SESSION_EXPIRED = 5;

  static final int NONCE_BYTES = 32;
  static final int MAC_BYTES = 32;
  private static final int WELCOME_BYTES = 1 + MAC_BYTES + Long.BYTES + 2 * Integer.BYTES;
  private static final int AUTH_BYTES = NONCE_BYTES + MAC_BYTES + Long.BYTES;
  private static final byte[] MAGIC = {'J', 'M', 'G', 'R'};
  private static final byte[] CLIENT_LABEL = "jmanager-client".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SERVER_LABEL = "jmanager-server".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NO_KEY = "jmanager-no-authkey".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Handshake() {}

  /**
   * Reads a key file as the daemon and every client read it: its bytes, less one trailing newline,
   * so that a key written by {@code echo} or a Docker secret works unchanged.
   */
  public static byte[] readKeyFile(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\n') {
      length--;
    }
    return Arrays.copyOf(bytes, length);
  }

  /** Returns a fresh random nonce. */
  public static byte[] nonce() {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    return nonce;
  }

  /** Writes HELLO: magic, version and the server's nonce. */
  public static ByteBuf hello(ByteBufAllocator alloc, int version, byte[] serverNonce) {
    ByteBuf frame = alloc.buffer();
    frame.writeInt(MAGIC.length + Integer.BYTES + NONCE_BYTES);
    return frame.writeBytes(MAGIC).writeInt(version).writeBytes(serverNonce);
  }

  /**
   * Writes AUTH: magic, version, the client's nonce, its proof and the session it resumes (0 for a
   * new one).
   */
  public static ByteBuf auth(
      ByteBufAllocator alloc,
      byte[] authkey,
      byte[] serverNonce,
      byte[] clientNonce,
      long resumeSession) {
    ByteBuf frame = alloc.buffer();
    frame.writeInt(MAGIC.length + Integer.BYTES + AUTH_BYTES);
    return frame
        .writeBytes(MAGIC)
        .writeInt(VERSION)
        .writeBytes(clientNonce)
        .writeBytes(mac(authkey, CLIENT_LABEL, serverNonce, clientNonce))
        .writeLong(resumeSession);
  }

  /**
   * Writes WELCOME: the server's proof, the session id, the server's frame limit and the session's
   * lease in milliseconds (0: it ends with its connection).
   */
  public static ByteBuf welcome(
      ByteBufAllocator alloc,
      byte[] authkey,
      byte[] clientNonce,
      byte[] serverNonce,
      long sessionId,
      int maxFrameBytes,
      int leaseMillis) {
    ByteBuf frame = alloc.buffer();
    frame.writeInt(WELCOME_BYTES);
    return frame
        .writeByte(OK)
        .writeBytes(mac(authkey, SERVER_LABEL, clientNonce, serverNonce))
        .writeLong(sessionId)
        .writeInt(maxFrameBytes)
        .writeInt(leaseMillis);
  }

  /** Writes REFUSED with a status and a reason for the peer's error message. */
  public static ByteBuf refused(ByteBufAllocator alloc, byte status, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    ByteBuf frame = alloc.buffer();
    frame.writeInt(1 + text.length);
    return frame.writeByte(status).writeBytes(text);
  }

  /**
   * Writes REFUSED with {@link #NOT_LEADER} and the leader's client address ({@code host:port},
   * {@code [IPv6]:port}), or an empty string when no leader is known. Throws {@link
   * IllegalArgumentException} when the address takes more than 255 bytes in UTF-8, since the frame
   * must fit in {@link #MAX_FRAME_BYTES}.
   */
  public static ByteBuf notLeader(ByteBufAllocator alloc, String leaderAddressOrEmpty) {
    int length = leaderAddressOrEmpty.getBytes(StandardCharsets.UTF_8).length;
    if (1 + length > MAX_FRAME_BYTES) {
      throw new IllegalArgumentException(
          "a leader address must fit in " + (MAX_FRAME_BYTES - 1) + " bytes, not " + length);
    }
    return refused(alloc, NOT_LEADER, leaderAddressOrEmpty);
  }

  /** HELLO as the client reads it. */
  public record Hello(int version, byte[] serverNonce) {}

  /**
   * AUTH as the server reads it; of another version, only its version is read (the rest is null and
   * 0).
   */
  public record Auth(int version, byte[] clientNonce, byte[] mac, long resumeSession) {}

  /**
   * WELCOME as the client reads it: its session id, the largest request body it may send, and its
   * lease in milliseconds (0: the session ends with its connection).
   */
  public record Welcome(long sessionId, int maxFrameBytes, int leaseMillis) {}

  /**
   * Reads a HELLO body; throws {@link HandshakeException} when it is not one, with the server's
   * status and reason when it is a REFUSED.
   */
  public static Hello readHello(ByteBuf body) {
    if (body.isReadable() && body.getByte(body.readerIndex()) != MAGIC[0]) {
      byte status = body.readByte();
      throw new HandshakeException(
          status == WRONG_KEY || status == BUSY ? status : WRONG_VERSION,
          body.toString(StandardCharsets.UTF_8));
    }
    checkMagic(body, Integer.BYTES + NONCE_BYTES);
    return new Hello(body.readInt(), bytes(body, NONCE_BYTES));
  }

  /**
   * Reads an AUTH body; throws {@link HandshakeException} when it is not one. Of another version,
   * only the version is read, for the server to say which one it speaks.
   */
  public static Auth readAuth(ByteBuf body) {
    if (body.readableBytes() < MAGIC.length + Integer.BYTES) {
      throw new HandshakeException(WRONG_VERSION, "not a jmanager handshake");
    }
    int version = body.getInt(body.readerIndex() + MAGIC.length);
    if (version != VERSION) {
      checkMagic(body, body.readableBytes() - MAGIC.length);
      return new Auth(body.readInt(), null, null, 0);
    }
    checkMagic(body, Integer.BYTES + AUTH_BYTES);
    return new Auth(
        body.readInt(), bytes(body, NONCE_BYTES), bytes(body, MAC_BYTES), body.readLong());
  }

  /** Whether an AUTH proves the client holds {@code authkey}; constant-time. */
  public static boolean clientProofValid(byte[] authkey, byte[] serverNonce, Auth auth) {
    byte[] expected = mac(authkey, CLIENT_LABEL, serverNonce, auth.clientNonce());
    return MessageDigest.isEqual(expected, auth.mac());
  }

  /**
   * Reads the server's answer to AUTH; throws {@link HandshakeException} with the server's status
   * and reason when refused (a status this version does not know as {@link #WRONG_VERSION}), or
   * when the server's proof is wrong or the answer malformed.
   */
  public static Welcome readWelcome(
      ByteBuf body, byte[] authkey, byte[] clientNonce, byte[] serverNonce) {
    if (!body.isReadable()) {
      throw new HandshakeException(WRONG_VERSION, "empty handshake answer");
    }
    byte status = body.readByte();
    if (status != OK) {
      throw new HandshakeException(
          status == WRONG_KEY || status == BUSY || status == NOT_LEADER || status == SESSION_EXPIRED
              ? status
              : WRONG_VERSION,
          body.toString(StandardCharsets.UTF_8));
    }
    if (body.readableBytes() != WELCOME_BYTES - 1) {
      throw new HandshakeException(WRONG_VERSION, "malformed handshake answer");
    }
    byte[] expected = mac(authkey, SERVER_LABEL, clientNonce, serverNonce);
    if (!MessageDigest.isEqual(expected, bytes(body, MAC_BYTES))) {
      throw new HandshakeException(WRONG_KEY, "the server could not prove it holds the authkey");
    }
    Welcome welcome = new Welcome(body.readLong(), body.readInt(), body.readInt());
    if (welcome.maxFrameBytes() <= 0) {
      throw new HandshakeException(WRONG_VERSION, "malformed handshake answer: no frame limit");
    }
    if (welcome.leaseMillis() < 0) {
      throw new HandshakeException(WRONG_VERSION, "malformed handshake answer: a negative lease");
    }
    return welcome;
  }

  private static void checkMagic(ByteBuf body, int rest) {
    if (body.readableBytes() != MAGIC.length + rest) {
      throw new HandshakeException(WRONG_VERSION, "not a jmanager handshake");
    }
    for (byte b : MAGIC) {
      if (body.readByte() != b) {
        throw new HandshakeException(WRONG_VERSION, "not a jmanager handshake");
      }
    }
  }

  private static byte[] bytes(ByteBuf body, int length) {
    byte[] bytes = new byte[length];
    body.readBytes(bytes);
    return bytes;
  }

  private static byte[] mac(byte[] authkey, byte[] label, byte[] first, byte[] second) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(authkey.length == 0 ? NO_KEY : authkey, "HmacSHA256"));
      mac.update(label);
      mac.update(first);
      return mac.doFinal(second);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
