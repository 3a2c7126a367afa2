package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ProtocolKryo;
import io.jmanager.protocol.QueueOp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class IoBudgetTest {
  private static final int KIB = 1024;

  private final List<Object> handled = new ArrayList<>();

  /** The server's first handlers, then one that keeps what comes through and releases it. */
  private EmbeddedChannel connection(IoBudget budget) {
    return new EmbeddedChannel(
        new FrameDecoder(1024 * KIB, budget),
        new Backpressure(Long.MAX_VALUE),
        new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            handled.add(msg);
            ReferenceCountUtil.release(msg);
          }
        });
  }

  private static ByteBuf header(int length) {
    return Unpooled.buffer().writeInt(length);
  }

  private static ByteBuf body(int length) {
    return Unpooled.buffer().writeZero(length);
  }

  @Test
  void aLargeFrameStillArriving_reservesThreeTimesItsLength_untilItHasBeenHandled() {
    IoBudget budget = new IoBudget(8 * 1024 * KIB);
    EmbeddedChannel channel = connection(budget);

    channel.writeInbound(header(100 * KIB), body(10 * KIB));
    assertThat(budget.used()).isEqualTo(300 * KIB);

    channel.writeInbound(body(90 * KIB));
    assertThat(handled).hasSize(1);
    assertThat(budget.used()).isZero();
  }

  @Test
  void aSmallFrame_isNeverReserved() {
    IoBudget budget = new IoBudget(8 * 1024 * KIB);
    EmbeddedChannel channel = connection(budget);

    channel.writeInbound(header(FrameDecoder.RESERVE_ABOVE), body(10));

    assertThat(budget.used()).isZero();
  }

  @Test
  void aLargeFrameWithoutRoom_stopsReading_untilRoomIsReleased_thenArrives() {
    IoBudget budget = new IoBudget(400 * KIB);
    assertThat(budget.tryReserve(200 * KIB)).isTrue();
    EmbeddedChannel channel = connection(budget);

    channel.writeInbound(header(100 * KIB), body(10 * KIB));
    assertThat(channel.config().isAutoRead()).isFalse();
    assertThat(budget.used()).isEqualTo(200 * KIB);

    budget.release(200 * KIB);
    channel.runPendingTasks();

    assertThat(channel.config().isAutoRead()).isTrue();
    assertThat(budget.used()).isEqualTo(300 * KIB);
    channel.writeInbound(body(90 * KIB));
    assertThat(handled).hasSize(1);
    assertThat(budget.used()).isZero();
  }

  @Test
  void aLargeFrameThatCameWholeWithoutRoom_waits_thenIsHandledOnceThereIsRoom() {
    IoBudget budget = new IoBudget(400 * KIB);
    assertThat(budget.tryReserve(200 * KIB)).isTrue();
    EmbeddedChannel channel = connection(budget);

    channel.writeInbound(header(100 * KIB), body(100 * KIB));
    assertThat(handled).isEmpty();
    assertThat(channel.config().isAutoRead()).isFalse();

    budget.release(200 * KIB);
    channel.runPendingTasks();

    assertThat(handled).hasSize(1);
    assertThat(channel.config().isAutoRead()).isTrue();
    assertThat(budget.used()).isZero();
  }

  @Test
  void aConnectionClosedWhileItWaitsForRoom_holdsUpNobody() {
    IoBudget budget = new IoBudget(500 * KIB);
    assertThat(budget.tryReserve(200 * KIB)).isTrue();
    EmbeddedChannel first = connection(budget);
    first.writeInbound(header(160 * KIB), body(KIB));
    assertThat(first.config().isAutoRead()).isFalse();
    assertThat(budget.tryReserve(200 * KIB)).isTrue();
    EmbeddedChannel second = connection(budget);
    second.writeInbound(header(70 * KIB), body(KIB));
    assertThat(second.config().isAutoRead()).isFalse();

    first.close();
    budget.release(200 * KIB);
    second.runPendingTasks();

    assertThat(second.config().isAutoRead()).isTrue();
    assertThat(budget.used()).isEqualTo(410 * KIB);
  }

  @Test
  void aConnectionClosedMidFrame_releasesItsReservation() {
    IoBudget budget = new IoBudget(8 * 1024 * KIB);
    EmbeddedChannel channel = connection(budget);
    channel.writeInbound(header(100 * KIB), body(10 * KIB));

    channel.close();

    assertThat(budget.used()).isZero();
  }

  /** A session and its channel, whose answers stay unsent until it is flushed. */
  private record Unread(Session session, ClientLink link, EmbeddedChannel channel) {
    Unread(IoBudget budget, EmbeddedChannel channel) {
      this(new ClientLink(channel, budget), channel);
    }

    Unread(ClientLink link, EmbeddedChannel channel) {
      this(Client.session(link, new WaiterLimits(100, 100)), link, channel);
      link.beginReadBatch();
    }
  }

  private static Unread unread(IoBudget budget) {
    return new Unread(budget, new EmbeddedChannel());
  }

  private static Message.Reply reply(int bytes) {
    return new Message.Reply(1, new byte[bytes]);
  }

  @Test
  void answersAreCounted_fromWhenTheyAreSent_untilTheirWriteCompletes() {
    IoBudget budget = new IoBudget(8 * 1024 * KIB);
    Unread unread = new Unread(budget, new EmbeddedChannel());

    unread.session().send(reply(30 * KIB));
    assertThat(budget.used()).isBetween(30L * KIB, 30L * KIB + 64);

    unread.channel().flush();
    assertThat(budget.used()).isZero();
  }

  @Test
  void pastTheBudget_theSessionWithTheMostUnsent_isCondemned_andClosed() {
    IoBudget budget = new IoBudget(140 * KIB);
    Unread small = unread(budget);
    Unread large = unread(budget);
    small.session().send(reply(50 * KIB));
    large.session().send(reply(80 * KIB));
    assertThat(large.link().isCondemned()).isFalse();

    small.session().send(reply(20 * KIB));

    assertThat(large.link().isCondemned()).isTrue();
    assertThat(small.link().isCondemned()).isFalse();
    large.channel().runPendingTasks();
    assertThat(large.channel().isActive()).isFalse();
    assertThat(budget.used()).isBetween(70L * KIB, 70L * KIB + 128);
  }

  @Test
  void anItemHandedToACondemnedSessionsTaker_goesToTheNextTaker() {
    IoBudget budget = new IoBudget(100 * KIB);
    Unread condemned = unread(budget);
    Client other = Client.connected();
    QueueObject queue = new QueueObject(1, "q", 0, false);
    Client producer = Client.connected();
    queue.apply(Client.call(condemned.session(), 1, 1, QueueOp.POLL_WAIT, -1L));
    other.send(queue, QueueOp.POLL_WAIT, -1L);

    condemned.link().condemn("a test");
    producer.send(queue, QueueOp.OFFER, new byte[] {7});
    condemned.channel().runPendingTasks();

    assertThat((byte[]) other.answer()).containsExactly(7);
  }

  @Test
  void aRequestDecodingToMoreThanTheBudgetHasLeft_isAnsweredMemory_andTheNextIsApplied() {
    IoBudget budget = new IoBudget(1024 * KIB);
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new MessageCodec(1 << 20, budget.meter()),
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                handled.add(msg);
              }
            });
    ArrayList<Object> nulls = new ArrayList<>(Collections.nCopies(200_000, null));

    channel.writeInbound(body(new Message.Request(7, 1, QueueOp.ADD_ALL, list(nulls))));
    channel.writeInbound(body(new Message.Request(8, 1, QueueOp.SIZE, list())));

    channel.flush();
    Message refusal = decode(channel.readOutbound());
    assertThat(refusal).isInstanceOf(Message.Failure.class);
    assertThat(((Message.Failure) refusal).id()).isEqualTo(7);
    assertThat(((Message.Failure) refusal).code()).isEqualTo(ErrorCode.MEMORY);
    assertThat(handled).singleElement().extracting(m -> ((Message.Request) m).id()).isEqualTo(8L);
    assertThat(channel.isActive()).isTrue();
    assertThat(budget.used()).isZero();
  }

  private static Message decode(ByteBuf frame) {
    byte[] bytes = ByteBufUtil.getBytes(frame);
    frame.release();
    return Frames.decode(
        ProtocolKryo.create(), new Input(), bytes, Integer.BYTES, bytes.length - Integer.BYTES);
  }

  private static ArrayList<Object> list(Object... items) {
    return new ArrayList<>(Arrays.asList(items));
  }

  /** A message's frame body, without its length prefix, as the frame decoder passes it on. */
  private static ByteBuf body(Message message) {
    Output output = Frames.newOutput();
    int length = Frames.frame(ProtocolKryo.create(), output, message);
    return Unpooled.wrappedBuffer(output.getBuffer(), Integer.BYTES, length - Integer.BYTES);
  }
}
