package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fixed corpus of hostile framing and handshakes against a real server: each is refused and
 * closed within a second, or at the handshake or idle timeout when it stops mid-frame; nothing a
 * client sends before it has authenticated is decoded; the server loses nothing.
 */
class HostileFramesIT {
  @RegisterExtension static final GuardedServer server = new GuardedServer();

  private static final Duration PROMPTLY = Duration.ofSeconds(1);

  /** The short timeout of a test of the handshake or idle timeout. */
  private static final Duration SHORT = Duration.ofMillis(500);

  /** The other timeout of such a test: a bound on a hang, which a client that means well beats. */
  private static final Duration LONG = Duration.ofSeconds(30);

  @ParameterizedTest(name = "length {0}")
  @ValueSource(ints = {-1, Integer.MIN_VALUE, 0, Handshake.MAX_FRAME_BYTES + 1, Integer.MAX_VALUE})
  void aBadFirstFrame_isRefusedAndClosedWithinASecond(int length) throws IOException {
    try (RawClient client = unauthenticated()) {
      client.write(ByteBuffer.allocate(8).putInt(length).putInt(0).array());

      assertRefused(client, "");
    }
  }

  @ParameterizedTest(name = "before authentication: {0}")
  @ValueSource(booleans = {true, false})
  void aHugeLength_isRefusedBeforeItsBodyIsBuffered(boolean authenticated) throws IOException {
    long heapBefore = usedHeap();
    try (RawClient client =
        authenticated ? new RawClient(server.port(), GuardedServer.KEY) : unauthenticated()) {
      client.readTimeout(PROMPTLY);
      client.write(ByteBuffer.allocate(64 * 1024).putInt(Integer.MAX_VALUE).array());

      assertThat(new String(client.readFrame(), StandardCharsets.ISO_8859_1))
          .contains("exceeds the limit");
      assertThat(client.closedWithin(PROMPTLY)).isTrue();
    }
    assertThat(usedHeap() - heapBefore).as("heap growth").isLessThan(256L << 20);
  }

  @Test
  void aTruncatedFrameThenClose_leavesTheServerServing() throws IOException {
    try (RawClient client = unauthenticated()) {
      client.write(new byte[] {0, 0, 0, 40, 'J', 'M'});
    }
    try (RawClient client = new RawClient(server.port(), GuardedServer.KEY)) {
      client.write(new byte[] {0, 0, 0, 40, 1, 2, 3});
    }
  }

  @Test
  void aTruncatedFrameThenSilence_beforeAuthentication_isClosedAtTheHandshakeTimeout()
      throws IOException {
    try (ManagerServer impatient = start(SHORT, LONG);
        RawClient client = RawClient.unauthenticated(impatient.port())) {
      client.write(new byte[] {0, 0, 0, 40, 'J', 'M'});

      assertRefused(client, "timed out");
    }
  }

  @Test
  void aTruncatedFrameThenSilence_afterAuthentication_isClosedAtTheIdleTimeout()
      throws IOException {
    try (ManagerServer impatient = start(LONG, SHORT);
        RawClient client = new RawClient(impatient.port(), GuardedServer.KEY)) {
      client.readTimeout(SHORT.plus(PROMPTLY));
      client.write(new byte[] {0, 0, 0, 40, 1, 2, 3});

      assertThat(client.read()).isInstanceOf(Message.Goodbye.class);
      assertThat(client.closedWithin(PROMPTLY)).isTrue();
    }
  }

  @Test
  void aValidRequestBeforeAuthentication_isRefused_notDecoded() throws IOException {
    try (RawClient client = unauthenticated()) {
      client.write(RawClient.frame(request()));

      assertRefused(client, "not a jmanager handshake");
    }
  }

  @Test
  void aGadgetNamedBeforeAuthentication_isRefused_andNeverInitialized() throws IOException {
    Output body = new Output(64, -1);
    RawClient.writeClassName(body, "io.jmanager.client.Gadget");
    try (RawClient client = unauthenticated()) {
      client.write(RawClient.frame(body.toBytes()));

      assertRefused(client, "not a jmanager handshake");
    }
    assertThat(GadgetTrap.INITIALIZED).doesNotContain(Gadget.class);
  }

  @Test
  void aValidAuthAfterARefusedFrame_inTheSameWrite_opensNoSession() throws IOException {
    try (RawClient client = unauthenticated()) {
      client.write(
          new byte[] {0, 0, 0, 1, 0},
          client.authFrame(GuardedServer.KEY),
          RawClient.frame(request()));

      List<byte[]> answers = framesUntilClosed(client);
      assertThat(answers).hasSize(1);
      assertThat(answers.get(0)[0]).isEqualTo(Handshake.WRONG_VERSION);
    }
  }

  @Test
  void aRequestSentWithAuth_inTheSameWrite_isAnsweredAfterWelcome() throws IOException {
    try (RawClient client = unauthenticated()) {
      client.readTimeout(PROMPTLY);
      client.write(client.authFrame(GuardedServer.KEY), RawClient.frame(request()));

      assertThat(client.readFrame()[0]).isEqualTo(Handshake.OK);
      assertThat(client.read()).isInstanceOf(Message.Reply.class);
    }
  }

  /** A server, not guarded, for a test of one of its timeouts. */
  private static ManagerServer start(Duration handshakeTimeout, Duration idleTimeout) {
    return ManagerServer.start(
        ServerConfig.builder()
            .port(0)
            .authkey(GuardedServer.KEY)
            .handshakeTimeout(handshakeTimeout)
            .idleTimeout(idleTimeout)
            .build());
  }

  private static RawClient unauthenticated() throws IOException {
    return RawClient.unauthenticated(server.port());
  }

  private static Message request() {
    return new Message.Request(1, 0, ManagerOp.NAMES, new ArrayList<>());
  }

  /** Reads a REFUSED frame mentioning {@code reason}, then the close, each within a second. */
  private static void assertRefused(RawClient client, String reason) throws IOException {
    client.readTimeout(SHORT.plus(PROMPTLY));
    byte[] refused = client.readFrame();
    assertThat(refused[0]).isNotEqualTo(Handshake.OK);
    assertThat(new String(refused, 1, refused.length - 1, StandardCharsets.UTF_8)).contains(reason);
    assertThat(client.closedWithin(PROMPTLY)).isTrue();
  }

  private static List<byte[]> framesUntilClosed(RawClient client) throws IOException {
    client.readTimeout(PROMPTLY);
    List<byte[]> frames = new ArrayList<>();
    try {
      while (true) {
        frames.add(client.readFrame());
      }
    } catch (EOFException | SocketException closed) {
      return frames;
    }
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
