package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmanager.protocol.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import org.junit.jupiter.api.Test;

/** The server's codec on an EmbeddedChannel: the reply limit, batches, and refused frames. */
class MessageCodecTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(frames(), new MessageCodec(1 << 20));

  @Test
  void replyLargerThanTheLimit_failsItsWriteNamingItsRequest_andTheCodecGoesOn() {
    ChannelFuture write = channel.writeOneOutbound(new Message.Reply(7, new byte[1 << 20]));
    channel.flushOutbound();

    assertThat(write.cause())
        .isInstanceOfSatisfying(
            UnsendableReplyException.class,
            e -> {
              assertThat(e.requestId()).isEqualTo(7);
              assertThat(e).hasMessageContaining("reply limit of " + (1 << 20));
            });
    assertThat(channel.outboundMessages()).isEmpty();
    byte[] justUnder = new byte[(1 << 20) - 64];
    assertThat(((Message.Reply) roundTrip(new Message.Reply(8, justUnder))).value())
        .isEqualTo(justUnder);
  }

  @Test
  void replyThatCannotBeEncoded_failsItsWriteNamingItsRequest() {
    ChannelFuture write = channel.writeOneOutbound(new Message.Reply(9, new Object()));
    channel.flushOutbound();

    assertThat(write.cause())
        .isInstanceOfSatisfying(
            UnsendableReplyException.class, e -> assertThat(e.requestId()).isEqualTo(9));
    assertThat(roundTrip(new Message.Reply(10, "after"))).isEqualTo(new Message.Reply(10, "after"));
  }

  @Test
  void manyMessagesInOneBuffer_areAllDecoded() {
    ByteBuf all = Unpooled.buffer();
    for (int i = 0; i < 100; i++) {
      all.writeBytes(encode(new Message.Cancel(i)));
    }

    channel.writeInbound(all);

    for (int i = 0; i < 100; i++) {
      assertThat((Message) channel.readInbound()).isEqualTo(new Message.Cancel(i));
    }
  }

  @Test
  void aMalformedFrame_isACorruptedFrame_namingWhatIsWrong() {
    byte[] stray = {0, 0, 0, 4, 0x17, 1, 0, 0};

    assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(stray)))
        .isInstanceOf(CorruptedFrameException.class)
        .hasMessage("1 stray bytes after the message");
    EmbeddedChannel fresh = new EmbeddedChannel(frames(), new MessageCodec(1 << 20));
    assertThatThrownBy(
            () -> fresh.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 0x7f})))
        .isInstanceOf(CorruptedFrameException.class)
        .hasMessageStartingWith("malformed message: ");
  }

  private byte[] encode(Message message) {
    assertThat(channel.writeOutbound(message)).isTrue();
    ByteBuf encoded = channel.readOutbound();
    byte[] bytes = ByteBufUtil.getBytes(encoded);
    encoded.release();
    return bytes;
  }

  private Message roundTrip(Message message) {
    channel.writeInbound(Unpooled.wrappedBuffer(encode(message)));
    return channel.readInbound();
  }

  /** Splits frames as the server's frame decoder does: a 4-byte length, then the body. */
  private static LengthFieldBasedFrameDecoder frames() {
    return new LengthFieldBasedFrameDecoder(1 << 20, 0, Integer.BYTES, 0, Integer.BYTES);
  }
}
