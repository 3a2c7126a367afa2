package io.jmanager.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The frame format byte for byte: golden encodings, round trips and refused bodies. */
class FramesTest {
  /** Reply's registered class id; Kryo writes an id as a varint of id + 2. */
  private static final int REPLY_ID = 21;

  private final Kryo kryo = ProtocolKryo.create();
  private final Output output = Frames.newOutput();

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

  /**
   * The wire carries ordinals: a constant appended after these leaves their bytes alone, one
   * inserted, removed or moved before them changes them.
   */
  @Test
  void theLastObjectTypeErrorCodeAndOps_keepTheirNumbersOnTheWire() {
    assertThat(encode(new Message.Reply(1, ObjectType.POOL)))
        .isEqualTo(hex("00000004" + "17" + "01" + "0e" + "10"));
    assertThat(encode(new Message.Reply(1, ErrorCode.QUEUE_SHUT_DOWN)))
        .isEqualTo(hex("00000004" + "17" + "01" + "0f" + "10"));
    assertOnTheWireAs(ManagerOp.OPEN_WITH, 0, 7);
    assertOnTheWireAs(DictOp.VALUES, 1, 14);
    assertOnTheWireAs(ListOp.COMPARE_AND_SET_ALL, 2, 19);
    assertOnTheWireAs(QueueOp.IS_SHUT_DOWN, 3, 22);
    assertOnTheWireAs(LockOp.SIGNAL_N, 5, 9);
    assertOnTheWireAs(SemaphoreOp.WAITING, 7, 3);
    assertOnTheWireAs(EventOp.WAITING, 9, 4);
    assertOnTheWireAs(BarrierOp.ACTION, 10, 6);
    assertOnTheWireAs(ValueOp.ADD_AND_GET, 11, 5);
    assertOnTheWireAs(NamespaceOp.NAMES, 12, 4);
    assertOnTheWireAs(PipeOp.RECV_BYTES, 13, 7);
    assertOnTheWireAs(ArrayOp.INIT_WITH, 14, 7);
    assertOnTheWireAs(ObjectOp.CALL, 15, 0);
    assertOnTheWireAs(PoolOp.STATS, 16, 9);
  }

  @Test
  void aBufferGrownByALargeFrame_isGivenBack_whileASmallOneIsKept() {
    Frames.frame(kryo, output, new Message.Reply(1, new byte[4096]));
    byte[] small = output.getBuffer();
    Frames.trim(output);
    assertThat(output.getBuffer()).isSameAs(small);

    int length = Frames.frame(kryo, output, new Message.Reply(2, new byte[1 << 20]));
    assertThat(length).isGreaterThan(1 << 20);
    Frames.trim(output);

    assertThat(output.getBuffer()).hasSizeLessThanOrEqualTo(Frames.KEPT_BUFFER_BYTES);
    assertThat(roundTrip(new Message.Reply(3, "after"))).isEqualTo(new Message.Reply(3, "after"));
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
        String.format("%08x", 8) + "16" + "01" + "02" + "01" + "00" + "01" + "1900",
        "00000004" + "17" + "01" + "1900");
  }

  @Test
  void aFailureOrGoodbyeWithoutItsText_isRefused() {
    assertRefused("00000004" + "18" + "01" + "01" + "00", "00000002" + "1a" + "00");
  }

  @Test
  void classNamedInsteadOfRegistered_isRefusedBeforeTheNameIsResolved() {
    Kryo permissive = new Kryo();
    permissive.setRegistrationRequired(false);
    Output named = new Output(64, -1);
    named.writeVarInt(REPLY_ID + 2, true);
    named.writeVarLong(1, true);
    permissive.writeClassAndObject(named, new java.util.Date(0));
    byte[] body = named.toBytes();

    assertThatThrownBy(() -> Frames.decode(kryo, new Input(), body, 0, body.length))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessageContaining("class names are not accepted");
  }

  private void assertOnTheWireAs(Op op, int type, int ordinal) {
    assertThat(encode(new Message.Request(1, 2, op, list())))
        .as("%s", op)
        .isEqualTo(
            hex("00000006" + "16" + "01" + "02" + "%02x%02x".formatted(type, ordinal) + "00"));
  }

  private void assertRefused(String... hexFrames) {
    for (String hexFrame : hexFrames) {
      byte[] frame = hex(hexFrame);
      assertThatThrownBy(() -> decode(frame)).isInstanceOf(MalformedFrameException.class);
    }
  }

  private byte[] encode(Message message) {
    int length = Frames.frame(kryo, output, message);
    return Arrays.copyOf(output.getBuffer(), length);
  }

  private Message roundTrip(Message message) {
    return decode(encode(message));
  }

  /** Decodes a whole frame, whose length prefix must give the length of the rest. */
  private Message decode(byte[] frame) {
    assertThat(ByteBuffer.wrap(frame).getInt()).isEqualTo(frame.length - Integer.BYTES);
    return Frames.decode(kryo, new Input(), frame, Integer.BYTES, frame.length - Integer.BYTES);
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
