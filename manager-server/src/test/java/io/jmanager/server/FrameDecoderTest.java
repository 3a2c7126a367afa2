package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
  private final EmbeddedChannel channel =
      new EmbeddedChannel(new FrameDecoder(16, new IoBudget(Long.MAX_VALUE)));

  @Test
  void wholeFrame_isPassedOnWithoutItsLength() {
    channel.writeInbound(bytes(0, 0, 0, 3, 'a', 'b', 'c'));

    assertThat(body(channel.readInbound())).isEqualTo("abc");
  }

  @Test
  void frameSplitAcrossReads_waitsForItsLastByte() {
    channel.writeInbound(bytes(0, 0));
    channel.writeInbound(bytes(0, 2, 'x'));
    ByteBuf none = channel.readInbound();
    assertThat(none).isNull();

    channel.writeInbound(bytes('y'));

    assertThat(body(channel.readInbound())).isEqualTo("xy");
  }

  @Test
  void framesInOneRead_areSeparated() {
    channel.writeInbound(bytes(0, 0, 0, 1, 'a', 0, 0, 0, 0, 0, 0, 0, 1, 'b'));

    assertThat(body(channel.readInbound())).isEqualTo("a");
    assertThat(body(channel.readInbound())).isEmpty();
    assertThat(body(channel.readInbound())).isEqualTo("b");
  }

  @Test
  void lengthAboveTheLimit_failsBeforeTheBodyArrives() {
    assertThatThrownBy(() -> channel.writeInbound(bytes(0, 0, 0, 17)))
        .isInstanceOf(TooLongFrameException.class)
        .hasMessageContaining("17");
  }

  @Test
  void hugeLength_failsAtOnceWithoutAllocating() {
    assertThatThrownBy(() -> channel.writeInbound(bytes(0x7f, 0xff, 0xff, 0xff)))
        .isInstanceOf(TooLongFrameException.class);
  }

  @Test
  void negativeLength_isRefused() {
    assertThatThrownBy(() -> channel.writeInbound(bytes(0xff, 0xff, 0xff, 0xfe)))
        .isInstanceOf(TooLongFrameException.class);
  }

  @Test
  void aTlsHandshake_isNamedAsSuch() {
    assertThatThrownBy(() -> channel.writeInbound(bytes(0x16, 0x03, 0x01, 0x02, 0x00)))
        .isInstanceOf(TooLongFrameException.class)
        .hasMessageContaining("the peer uses TLS, this side does not");
  }

  @Test
  void raisedLimit_acceptsLargerFrames() {
    channel.pipeline().get(FrameDecoder.class).maxFrameBytes(1024);

    channel.writeInbound(Unpooled.buffer().writeInt(100).writeZero(100));

    ByteBuf frame = channel.readInbound();
    assertThat(frame.readableBytes()).isEqualTo(100);
    frame.release();
  }

  static ByteBuf bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return Unpooled.wrappedBuffer(bytes);
  }

  private static String body(ByteBuf frame) {
    String text =
        new String(ByteBufUtil.getBytes(frame), java.nio.charset.StandardCharsets.US_ASCII);
    frame.release();
    return text;
  }
}
