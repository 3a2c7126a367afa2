package io.jmanager.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
  private static final byte[] KEY = "secret".getBytes(StandardCharsets.UTF_8);

  @Test
  void sameKey_bothSidesProveIt() {
    byte[] serverNonce = Handshake.nonce();
    Handshake.Hello hello =
        Handshake.readHello(body(Handshake.hello(ALLOC, Handshake.VERSION, serverNonce)));
    byte[] clientNonce = Handshake.nonce();
    Handshake.Auth auth =
        Handshake.readAuth(body(Handshake.auth(ALLOC, KEY, hello.serverNonce(), clientNonce, 0)));

    assertThat(hello.version()).isEqualTo(Handshake.VERSION);
    assertThat(Handshake.clientProofValid(KEY, serverNonce, auth)).isTrue();
    Handshake.Welcome welcome =
        Handshake.readWelcome(
            body(Handshake.welcome(ALLOC, KEY, auth.clientNonce(), serverNonce, 42, 1 << 20, 0)),
            KEY,
            clientNonce,
            serverNonce);
    assertThat(welcome).isEqualTo(new Handshake.Welcome(42, 1 << 20, 0));
  }

  @Test
  void welcome_isLaidOutAsDocumented_endingWithTheLease() {
    ByteBuf frame =
        Handshake.welcome(
            ALLOC, KEY, Handshake.nonce(), Handshake.nonce(), 0x0102030405060708L, 1 << 20, 10_000);

    assertThat(frame.readInt()).isEqualTo(1 + 32 + 8 + 4 + 4);
    assertThat(frame.readByte()).isEqualTo(Handshake.OK);
    frame.skipBytes(32);
    assertThat(frame.readLong()).isEqualTo(0x0102030405060708L);
    assertThat(frame.readInt()).isEqualTo(1 << 20);
    assertThat(frame.readInt()).isEqualTo(10_000);
    assertThat(frame.isReadable()).isFalse();
  }

  @Test
  void welcomeWithoutAPositiveFrameLimit_isMalformed() {
    byte[] serverNonce = Handshake.nonce();
    byte[] clientNonce = Handshake.nonce();
    ByteBuf zero = Handshake.welcome(ALLOC, KEY, clientNonce, serverNonce, 1, 0, 0);
    ByteBuf versionTwo = body(Handshake.welcome(ALLOC, KEY, clientNonce, serverNonce, 1, 1024, 0));
    versionTwo.writerIndex(versionTwo.writerIndex() - Integer.BYTES);

    assertThatThrownBy(() -> Handshake.readWelcome(body(zero), KEY, clientNonce, serverNonce))
        .isInstanceOfSatisfying(
            HandshakeException.class,
            e -> assertThat(e.status()).isEqualTo(Handshake.WRONG_VERSION));
    assertThatThrownBy(() -> Handshake.readWelcome(versionTwo, KEY, clientNonce, serverNonce))
        .isInstanceOf(HandshakeException.class)
        .hasMessageContaining("malformed");
  }

  @Test
  void clientWithWrongKey_isNotProven() {
    byte[] serverNonce = Handshake.nonce();
    Handshake.Auth auth =
        Handshake.readAuth(
            body(
                Handshake.auth(
                    ALLOC,
                    "wrong".getBytes(StandardCharsets.UTF_8),
                    serverNonce,
                    Handshake.nonce(),
                    0)));

    assertThat(Handshake.clientProofValid(KEY, serverNonce, auth)).isFalse();
  }

  @Test
  void proofForAnotherServerNonce_isNotAccepted() {
    Handshake.Auth auth =
        Handshake.readAuth(
            body(Handshake.auth(ALLOC, KEY, Handshake.nonce(), Handshake.nonce(), 0)));

    assertThat(Handshake.clientProofValid(KEY, Handshake.nonce(), auth)).isFalse();
  }

  @Test
  void serverWithWrongKey_isRejectedByTheClient() {
    byte[] serverNonce = Handshake.nonce();
    byte[] clientNonce = Handshake.nonce();
    ByteBuf welcome =
        Handshake.welcome(
            ALLOC, "other".getBytes(StandardCharsets.UTF_8), clientNonce, serverNonce, 1, 1024, 0);

    assertThatThrownBy(() -> Handshake.readWelcome(body(welcome), KEY, clientNonce, serverNonce))
        .isInstanceOfSatisfying(
            HandshakeException.class, e -> assertThat(e.status()).isEqualTo(Handshake.WRONG_KEY));
  }

  @Test
  void clientProofReflectedAsServerProof_isRejected() {
    byte[] serverNonce = Handshake.nonce();
    byte[] clientNonce = Handshake.nonce();
    Handshake.Auth auth =
        Handshake.readAuth(body(Handshake.auth(ALLOC, KEY, serverNonce, clientNonce, 0)));
    ByteBuf reflected =
        ALLOC
            .buffer()
            .writeByte(Handshake.OK)
            .writeBytes(auth.mac())
            .writeLong(1)
            .writeInt(1024)
            .writeInt(0);

    assertThatThrownBy(() -> Handshake.readWelcome(reflected, KEY, clientNonce, serverNonce))
        .isInstanceOf(HandshakeException.class);
  }

  @Test
  void refusal_carriesItsStatusAndReason() {
    ByteBuf refused = Handshake.refused(ALLOC, Handshake.WRONG_KEY, "authentication failed");

    assertThatThrownBy(
            () -> Handshake.readWelcome(body(refused), KEY, Handshake.nonce(), Handshake.nonce()))
        .isInstanceOfSatisfying(
            HandshakeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(Handshake.WRONG_KEY);
              assertThat(e.getMessage()).isEqualTo("authentication failed");
            });
  }

  @Test
  void notLeader_isLaidOutAsDocumented() {
    ByteBuf frame = Handshake.notLeader(ALLOC, "[::1]:50000");

    assertThat(frame.readInt()).isEqualTo(1 + 11);
    assertThat(frame.readByte()).isEqualTo((byte) 4).isEqualTo(Handshake.NOT_LEADER);
    assertThat(frame.toString(StandardCharsets.UTF_8)).isEqualTo("[::1]:50000");
  }

  @Test
  void notLeaderInPlaceOfWelcome_reachesTheClientWithTheLeadersAddress() {
    ByteBuf refused = Handshake.notLeader(ALLOC, "10.0.0.2:50000");

    assertThatThrownBy(
            () -> Handshake.readWelcome(body(refused), KEY, Handshake.nonce(), Handshake.nonce()))
        .isInstanceOfSatisfying(
            HandshakeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(Handshake.NOT_LEADER);
              assertThat(e.getMessage()).isEqualTo("10.0.0.2:50000");
            });
  }

  @Test
  void notLeaderWithoutALeader_carriesAnEmptyReason() {
    ByteBuf refused = Handshake.notLeader(ALLOC, "");

    assertThat(refused.getInt(0)).isEqualTo(1);
    assertThatThrownBy(
            () -> Handshake.readWelcome(body(refused), KEY, Handshake.nonce(), Handshake.nonce()))
        .isInstanceOfSatisfying(
            HandshakeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(Handshake.NOT_LEADER);
              assertThat(e.getMessage()).isEmpty();
            });
  }

  @Test
  void notLeaderInPlaceOfHello_isNotUnderstood() {
    ByteBuf refused = Handshake.notLeader(ALLOC, "10.0.0.2:50000");

    assertThatThrownBy(() -> Handshake.readHello(body(refused)))
        .isInstanceOfSatisfying(
            HandshakeException.class,
            e -> assertThat(e.status()).isEqualTo(Handshake.WRONG_VERSION));
  }

  @Test
  void refusalWithAStatusThisVersionDoesNotKnow_isAVersionMismatch() {
    ByteBuf refused = Handshake.refused(ALLOC, (byte) 9, "from a later version");

    assertThatThrownBy(
            () -> Handshake.readWelcome(body(refused), KEY, Handshake.nonce(), Handshake.nonce()))
        .isInstanceOfSatisfying(
            HandshakeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(Handshake.WRONG_VERSION);
              assertThat(e.getMessage()).isEqualTo("from a later version");
            });
  }

  @Test
  void notLeader_withAnAddressLongerThanAHandshakeFrame_isRefused() {
    String longest = "h".repeat(Handshake.MAX_FRAME_BYTES - 1);

    assertThat(Handshake.notLeader(ALLOC, longest).getInt(0)).isEqualTo(Handshake.MAX_FRAME_BYTES);
    assertThatThrownBy(() -> Handshake.notLeader(ALLOC, longest + "h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("255 bytes");
  }

  @Test
  void badMagicOrLength_isNotAHandshake() {
    ByteBuf badMagic =
        ALLOC
            .buffer()
            .writeBytes("HTTP".getBytes(StandardCharsets.US_ASCII))
            .writeInt(1)
            .writeZero(32);
    ByteBuf tooShort = ALLOC.buffer().writeBytes("JMGR".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> Handshake.readHello(badMagic)).isInstanceOf(HandshakeException.class);
    assertThatThrownBy(() -> Handshake.readAuth(tooShort)).isInstanceOf(HandshakeException.class);
  }

  @Test
  void emptyKey_worksOnBothSides() {
    byte[] none = new byte[0];
    byte[] serverNonce = Handshake.nonce();
    Handshake.Auth auth =
        Handshake.readAuth(body(Handshake.auth(ALLOC, none, serverNonce, Handshake.nonce(), 0)));

    assertThat(Handshake.clientProofValid(none, serverNonce, auth)).isTrue();
    assertThat(Handshake.clientProofValid(KEY, serverNonce, auth)).isFalse();
  }

  @Test
  void auth_carriesTheSessionToResume_afterTheProof() {
    byte[] serverNonce = Handshake.nonce();
    ByteBuf frame = Handshake.auth(ALLOC, KEY, serverNonce, Handshake.nonce(), 0x0A0B0C0D0E0F1011L);

    assertThat(frame.readInt()).isEqualTo(4 + 4 + 32 + 32 + 8);
    Handshake.Auth auth = Handshake.readAuth(frame);
    assertThat(auth.resumeSession()).isEqualTo(0x0A0B0C0D0E0F1011L);
    assertThat(Handshake.clientProofValid(KEY, serverNonce, auth)).isTrue();
  }

  @Test
  void authOfAnotherVersion_isReadAsFarAsItsVersion() {
    ByteBuf versionTwo =
        ALLOC
            .buffer()
            .writeBytes("JMGR".getBytes(StandardCharsets.US_ASCII))
            .writeInt(2)
            .writeZero(64);

    Handshake.Auth auth = Handshake.readAuth(versionTwo);

    assertThat(auth.version()).isEqualTo(2);
    assertThat(auth.clientNonce()).isNull();
  }

  @Test
  void aNegativeLease_isMalformed() {
    byte[] serverNonce = Handshake.nonce();
    byte[] clientNonce = Handshake.nonce();
    ByteBuf welcome = Handshake.welcome(ALLOC, KEY, clientNonce, serverNonce, 1, 1024, -1);

    assertThatThrownBy(() -> Handshake.readWelcome(body(welcome), KEY, clientNonce, serverNonce))
        .isInstanceOf(HandshakeException.class)
        .hasMessageContaining("negative lease");
  }

  @Test
  void sessionExpiredAndNotLeader_reachTheClientAsTheirOwnStatuses() {
    ByteBuf expired = Handshake.refused(ALLOC, Handshake.SESSION_EXPIRED, "session 7 is closed");
    ByteBuf elsewhere = Handshake.refused(ALLOC, Handshake.NOT_LEADER, "10.0.0.2:50000");

    assertThatThrownBy(
            () -> Handshake.readWelcome(body(expired), KEY, Handshake.nonce(), Handshake.nonce()))
        .isInstanceOfSatisfying(
            HandshakeException.class,
            e -> assertThat(e.status()).isEqualTo(Handshake.SESSION_EXPIRED));
    assertThatThrownBy(
            () -> Handshake.readWelcome(body(elsewhere), KEY, Handshake.nonce(), Handshake.nonce()))
        .isInstanceOfSatisfying(
            HandshakeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(Handshake.NOT_LEADER);
              assertThat(e.getMessage()).isEqualTo("10.0.0.2:50000");
            });
  }

  /** Strips the length prefix, as the frame decoder does. */
  private static ByteBuf body(ByteBuf frame) {
    int length = frame.readInt();
    assertThat(frame.readableBytes()).isEqualTo(length);
    return frame;
  }
}
