package io.jmanager.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  /** Reply's registered class id; Kryo writes an id as a varint of id + 2. */
  private static final int REPLY_ID = 21;

  private final EmbeddedChannel channel = new EmbeddedChannel(frames(), new MessageCodec(1 << 20));

  @Test
  void request_isEncodedToTheseExactBytes() {
    Message request = new Message.Request(1, 2, DictOp.GET, list(new byte[] {7}));

    assertThat(encode(request))
        .isEqualTo(hex("00000009" + "16" + "01" + "02" + "01" + "00" + "01" + "0c0107"));
  }

  @Test
  void reply_isEncodedToTheseExactBytes() {
    assertThat(encode(new Message.Reply(1, null))).isEqualTo(hex("00000003" + "17" + "01" + "00"));
  }

  @Test
  void aBufferGrownByALargeFrame_isGivenBack_whileASmallOneIsKept() {
    Kryo kryo = ProtocolKryo.create();
    Output output = MessageCodec.newOutput();
    MessageCodec.frame(kryo, output, new Message.Reply(1, new byte[4096]));
    byte[] small = output.getBuffer();
    MessageCodec.trim(output);
    assertThat(output.getBuffer()).isSameAs(small);

    int length = MessageCodec.frame(kryo, output, new Message.Reply(2, new byte[1 << 20]));
    assertThat(length).isGreaterThan(1 << 20);
    MessageCodec.trim(output);

    assertThat(output.getBuffer()).hasSizeLessThanOrEqualTo(MessageCodec.KEPT_BUFFER_BYTES);
    assertThat(roundTrip(new Message.Reply(3, "after"))).isEqualTo(new Message.Reply(3, "after"));
  }

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
  void everyMessageKind_roundTrips() {
    List<Message> messages =
        List.of(
            new Message.Request(7, 9, QueueOp.POLL_WAIT, list(-1L)),
            new Message.Reply(8, "text"),
            new Message.Failure(9, ErrorCode.NO_SUCH_ELEMENT, "empty"),
            new Message.Cancel(10),
            new Message.Goodbye("bye"));

    for (Message message : messages) {
      assertThat(roundTrip(message)).isEqualTo(message);
    }
  }

  @Test
  void everyOpOfEveryType_roundTrips() {
    Stream.concat(
            Arrays.stream(ObjectType.values()).flatMap(type -> type.ops().stream()),
            Arrays.stream(ManagerOp.values()))
        .forEach(
            op ->
                assertThat(
                        ((Message.Request) roundTrip(new Message.Request(1, 1, op, list()))).op())
                    .isEqualTo(op));
  }

  @Test
  void argsOfEveryAllowedType_roundTrip() {
    ArrayList<Object> nested = list(list(1, "two"), list());
    Message.Request request =
        new Message.Request(
            Long.MAX_VALUE,
            3,
            ManagerOp.OPEN,
            list(null, true, 42, -5L, "naïve", ObjectType.QUEUE, ErrorCode.PROTOCOL, nested));

    Message.Request decoded = (Message.Request) roundTrip(request);

    assertThat(decoded.id()).isEqualTo(Long.MAX_VALUE);
    assertThat(decoded.args()).isEqualTo(request.args());
  }

  @Test
  void bytesArgs_roundTripByContent() {
    Message.Reply decoded = (Message.Reply) roundTrip(new Message.Reply(1, new byte[] {1, 2, 3}));

    assertThat((byte[]) decoded.value()).containsExactly(1, 2, 3);
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
  void strayBytesAfterTheMessage_areRefused() {
    assertRefused("00000004" + "17" + "01" + "00" + "00");
  }

  @Test
  void unknownClassId_isRefused() {
    assertRefused("000000027f01");
  }

  @Test
  void unknownOpIndex_isRefused() {
    assertRefused("00000006" + "16" + "01" + "01" + "01" + "63" + "00");
  }

  @Test
  void unknownObjectType_isRefused() {
    assertRefused("00000006" + "16" + "01" + "01" + "7f" + "00" + "00");
  }

  @Test
  void truncatedMessage_isRefused() {
    assertRefused("00000003" + "16" + "01" + "02");
  }

  @Test
  void byteArrayClaimingAHugeLength_isRefusedWithoutAllocatingIt() {
    assertRefused("00000008" + "17" + "01" + "0c" + "ffffffff07");
  }

  @Test
  void stringClaimingAHugeLength_isRefusedWithoutAllocatingIt() {
    assertRefused("00000006" + "1a" + "ffffffff07");
  }

  @Test
  void listClaimingAHugeLength_isRefusedWithoutAllocatingIt() {
    assertRefused("00000008" + "17" + "01" + "0d" + "ffffffff07");
  }

  @Test
  void listsNestedTooDeep_areRefused() {
    StringBuilder body = new StringBuilder("1701");
    for (int i = 0; i < 40; i++) {
      body.append("0d01");
    }
    body.append("0d00");
    assertRefused(String.format("%08x", body.length() / 2) + body);
  }

  @Test
  void aMessageAsAnArgumentOrAValue_isRefused() {
    assertRefused(
        hex(String.format("%08x", 8) + "16" + "01" + "02" + "01" + "00" + "01" + "1900"),
        hex("00000004" + "17" + "01" + "1900"));
  }

  @Test
  void aFailureOrGoodbyeWithoutItsText_isRefused() {
    assertRefused(hex("00000004" + "18" + "01" + "01" + "00"), hex("00000002" + "1a" + "00"));
  }

  @Test
  void classNamedInsteadOfRegistered_isRefusedBeforeTheNameIsResolved() {
    Kryo permissive = new Kryo();
    permissive.setRegistrationRequired(false);
    Output output = new Output(64, -1);
    output.writeVarInt(REPLY_ID + 2, true);
    output.writeVarLong(1, true);
    permissive.writeClassAndObject(output, new java.util.Date(0));
    byte[] body = output.toBytes();
    ByteBuf frame = Unpooled.buffer().writeInt(body.length).writeBytes(body);

    assertThatThrownBy(() -> channel.writeInbound(frame))
        .isInstanceOf(DecoderException.class)
        .hasMessageContaining("class names are not accepted");
  }

  private void assertRefused(String... hexFrames) {
    assertRefused(Arrays.stream(hexFrames).map(MessageCodecTest::hex).toArray(byte[][]::new));
  }

  private void assertRefused(byte[]... frames) {
    for (byte[] frame : frames) {
      EmbeddedChannel fresh = new EmbeddedChannel(frames(), new MessageCodec(1 << 20));
      assertThatThrownBy(() -> fresh.writeInbound(Unpooled.wrappedBuffer(frame)))
          .isInstanceOf(CorruptedFrameException.class);
    }
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

  private static ArrayList<Object> list(Object... items) {
    return new ArrayList<>(Arrays.asList(items));
  }

  private static byte[] hex(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }
}
