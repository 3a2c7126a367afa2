package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.DictOp;
import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.ObjectType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a connection does with the rest of a read once it has refused the client, while its answer
 * is still on the way out (the write pending, so the close that follows it has not happened yet).
 */
class RefusalTest {
  private static final ServerConfig CONFIG = ServerConfig.builder().authkey(FuzzSeeds.KEY).build();
  private static final byte[] BAD_FRAME = {0, 0, 0, 2, 0x7f, 0};

  private final StuckSocket socket = new StuckSocket();
  private final Registry registry = new Registry(CONFIG);

  @Test
  void aValidAuthAfterARefusedFrame_opensNoSession() {
    EmbeddedChannel channel =
        new EmbeddedChannel(
            socket,
            new FrameDecoder(Handshake.MAX_FRAME_BYTES, new IoBudget(CONFIG.maxIoBytes())),
            new ServerHandshakeHandler(
                CONFIG,
                new ManagerState(
                    registry, new ManagerOps(registry, () -> {}), new WaiterLimits(CONFIG)),
                new ConnectionLimits(CONFIG),
                InetAddress.getLoopbackAddress(),
                new IoBudget(CONFIG.maxIoBytes()),
                new IoBudget(CONFIG.maxIoBytes())));
    byte[] serverNonce = Handshake.readHello(socket.written(0)).serverNonce();
    ByteBuf auth =
        Handshake.auth(ByteBufAllocator.DEFAULT, FuzzSeeds.KEY, serverNonce, Handshake.nonce(), 0);

    channel.writeInbound(
        Unpooled.wrappedBuffer(
            FuzzSeeds.concat(
                BAD_FRAME,
                ByteBufUtil.getBytes(auth),
                FuzzSeeds.frame(FuzzSeeds.request(1, 0, ManagerOp.NAMES)))));

    assertThat(channel.pipeline().get(MessageCodec.class)).isNull();
    assertThat(socket.written).hasSize(2);
    assertThat(socket.written(1).getByte(0)).isEqualTo(Handshake.WRONG_VERSION);
    auth.release();
  }

  @Test
  void requestsAfterAProtocolError_areNeitherAppliedNorAnswered() {
    EmbeddedChannel channel = new EmbeddedChannel(socket);
    ClientLink link = new ClientLink(channel, new IoBudget(CONFIG.maxIoBytes()));
    ManagerState state =
        new ManagerState(registry, new ManagerOps(registry, () -> {}), new WaiterLimits(CONFIG));
    channel
        .pipeline()
        .addLast(
            new FrameDecoder(CONFIG.maxFrameBytes(), new IoBudget(CONFIG.maxIoBytes())),
            new Backpressure(CONFIG.maxOutputBytes()),
            new MessageCodec(CONFIG.maxReplyBytes()),
            new RequestHandler(state.connect(1, true, link), link, Duration.ZERO));
    channel.writeInbound(
        Unpooled.wrappedBuffer(
            FuzzSeeds.frame(FuzzSeeds.request(1, 0, ManagerOp.OPEN, "d", ObjectType.DICT, -1))));

    channel.writeInbound(
        Unpooled.wrappedBuffer(
            FuzzSeeds.concat(
                BAD_FRAME,
                FuzzSeeds.frame(
                    FuzzSeeds.request(
                        2, 1, DictOp.PUT, FuzzSeeds.value("k"), FuzzSeeds.value("v"))))));

    assertThat(socket.written).hasSize(2);
    Client other = Client.connected();
    other.send(registry.get(1), DictOp.SIZE);
    assertThat(other.answer()).isEqualTo(0);
  }

  /**
   * A socket whose writes never complete, as when the peer reads nothing: keeps what is written.
   */
  private static final class StuckSocket extends ChannelOutboundHandlerAdapter {
    final List<Object> written = new ArrayList<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
      written.add(message);
    }

    ByteBuf written(int index) {
      return ((ByteBuf) written.get(index)).skipBytes(Integer.BYTES).slice();
    }
  }
}
