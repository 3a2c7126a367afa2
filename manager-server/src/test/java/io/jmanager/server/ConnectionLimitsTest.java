package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two pools of {@link ConnectionLimits} and its count of failed handshakes, without sockets.
 */
class ConnectionLimitsTest {
  private static final long NOW = 1_000_000_000L;

  private final InetAddress one = address(1);
  private final InetAddress two = address(2);
  private final InetAddress three = address(3);

  @Test
  void aFullHandshakePool_evictsItsOldestHandshake_toAdmitTheNewOne() {
    ConnectionLimits limits = limits(ServerConfig.builder().maxHandshakes(2));
    Events oldest = new Events();
    Events younger = new Events();
    EmbeddedChannel first = new EmbeddedChannel(oldest);
    EmbeddedChannel second = new EmbeddedChannel(younger);

    assertThat(limits.admit(first, one, NOW)).isNull();
    assertThat(limits.admit(second, two, NOW)).isNull();
    assertThat(limits.admit(new EmbeddedChannel(), three, NOW)).isNull();

    assertThat(oldest.seen).containsExactly(new ConnectionLimits.Evicted(2));
    assertThat(younger.seen).isEmpty();
    assertThat(limits.admit(new EmbeddedChannel(), one, NOW)).as("its slot is free").isNull();
  }

  @Test
  void handshakesFromOneAddress_beyondTheLimit_areRefused_untilOneEnds() {
    ConnectionLimits limits = limits(ServerConfig.builder().maxHandshakesPerAddress(1));
    EmbeddedChannel first = new EmbeddedChannel();
    limits.admit(first, one, NOW);

    assertThat(limits.admit(new EmbeddedChannel(), one, NOW))
        .isEqualTo("too many connections in their handshake from 127.0.0.1 (limit 1)");
    assertThat(limits.admit(new EmbeddedChannel(), two, NOW)).isNull();
    first.close();
    assertThat(limits.admit(new EmbeddedChannel(), one, NOW)).isNull();
  }

  @Test
  void promotion_freesTheHandshakeSlot_andTakesASessionSlot_untilTheChannelCloses() {
    ConnectionLimits limits =
        limits(ServerConfig.builder().maxHandshakesPerAddress(1).maxConnectionsPerAddress(1));
    EmbeddedChannel session = new EmbeddedChannel();
    limits.admit(session, one, NOW);
    assertThat(limits.promote(session, one)).isNull();
    EmbeddedChannel next = new EmbeddedChannel();

    assertThat(limits.admit(next, one, NOW)).isNull();
    assertThat(limits.promote(next, one))
        .isEqualTo("too many connections from 127.0.0.1 (limit 1)");
    session.close();
    EmbeddedChannel last = new EmbeddedChannel();
    limits.admit(last, one, NOW);
    assertThat(limits.promote(last, one)).isNull();
  }

  @Test
  void guesses_countBeforeTheirProofIsChecked_andARightOneIsTakenBack() {
    ConnectionLimits limits = limits(ServerConfig.builder().maxFailedHandshakes(2));
    assertThat(limits.guess(one, NOW)).isNull();
    assertThat(limits.guess(one, NOW)).isNull();

    assertThat(limits.guess(one, NOW)).startsWith("too many failed handshakes from 127.0.0.1");
    limits.guessedRight(one);
    assertThat(limits.guess(one, NOW)).isNull();
    assertThat(limits.admit(new EmbeddedChannel(), one, NOW))
        .startsWith("too many failed handshakes from 127.0.0.1");
    assertThat(limits.guess(one, NOW + ConnectionLimits.FAILURE_WINDOW.toNanos() + 1)).isNull();
  }

  private static ConnectionLimits limits(ServerConfig.Builder builder) {
    return new ConnectionLimits(builder.build());
  }

  private static InetAddress address(int last) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Records the user events its channel sees. */
  private static final class Events extends ChannelInboundHandlerAdapter {
    final List<Object> seen = new ArrayList<>();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      seen.add(event);
    }
  }
}
