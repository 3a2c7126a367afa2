package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.MalformedFrameException;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ProtocolKryo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Jazzer fuzz targets: mutated bytes through the server's own pipelines on EmbeddedChannels, the
 * handshake's and the authenticated one with real shared objects behind it. Without {@code
 * JAZZER_FUZZ} each target replays its seeds and past findings from {@code FrameFuzzTestInputs} as
 * a regression test; with it, one target per run is fuzzed (docs/FUZZING.md). Every input must end
 * in a typed refusal or answers, within a second, with no error logged by the server.
 */
class FrameFuzzTest {
  private static final int MAX_FRAME_BYTES = 64 * 1024;
  private static final Duration PER_INPUT = Duration.ofSeconds(1);
  private static final ServerConfig CONFIG =
      ServerConfig.builder().authkey(FuzzSeeds.KEY).maxFrameBytes(MAX_FRAME_BYTES).build();
  private static final ServerLog log = new ServerLog();

  /** Decodes what the targets check; Jazzer runs them on one thread. */
  private static final Kryo KRYO = ProtocolKryo.create();

  /** False while warming up: the first inputs load and instrument classes, which takes seconds. */
  private static boolean timed;

  @BeforeAll
  static void collectServerErrorsAndWarmUp() {
    log.attach();
    FrameFuzzTest warmUp = new FrameFuzzTest();
    FuzzSeeds.all().get("frames").values().forEach(warmUp::frames);
    FuzzSeeds.all().get("handshake").values().forEach(warmUp::handshake);
    FuzzSeeds.all().get("requests").values().forEach(warmUp::requests);
    timed = true;
  }

  @AfterAll
  static void restoreLogging() {
    log.detach();
  }

  /**
   * Any bytes through the frame decoder and the message codec, with the handshake's frame limit or
   * the authenticated one (first byte): each frame is refused with a typed decoder exception or
   * decodes to a message that re-encodes to the same bytes.
   */
  @FuzzTest(maxDuration = "30s")
  void frames(byte[] input) {
    long start = System.nanoTime();
    if (input.length == 0) {
      return;
    }
    int limit = input[0] == FuzzSeeds.PRE_AUTH ? Handshake.MAX_FRAME_BYTES : MAX_FRAME_BYTES;
    List<Throwable> refusals = new ArrayList<>();
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new FrameDecoder(limit, new IoBudget(CONFIG.maxIoBytes())),
            new MessageCodec(CONFIG.maxReplyBytes()),
            new ChannelInboundHandlerAdapter() {
              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                refusals.add(cause);
              }
            });

    channel.writeInbound(Unpooled.wrappedBuffer(input, 1, input.length - 1));

    assertThat(refusals)
        .allMatch(e -> e instanceof TooLongFrameException || e instanceof CorruptedFrameException);
    for (Message message; (message = channel.readInbound()) != null; ) {
      byte[] encoded = FuzzSeeds.frame(message);
      assertThat(FuzzSeeds.frame(decode(encoded, 0))).isEqualTo(encoded);
    }
    channel.finishAndReleaseAll();
    assertQuick(start);
  }

  /**
   * Any bytes as the first thing a client sends: answered REFUSED and closed once a whole frame or
   * a bad length arrived, or at the handshake timeout otherwise; never welcomed, never decoded.
   */
  @FuzzTest(maxDuration = "30s")
  void handshake(byte[] input) {
    long start = System.nanoTime();
    Registry registry = new Registry(CONFIG);
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new FrameDecoder(Handshake.MAX_FRAME_BYTES, new IoBudget(CONFIG.maxIoBytes())),
            new ServerHandshakeHandler(
                CONFIG,
                new ManagerState(
                    registry, new ManagerOps(registry, () -> {}), new WaiterLimits(CONFIG)),
                new ConnectionLimits(CONFIG),
                InetAddress.getLoopbackAddress(),
                new IoBudget(CONFIG.maxIoBytes()),
                new IoBudget(CONFIG.maxIoBytes())));
    release(channel.readOutbound());

    channel.writeInbound(Unpooled.wrappedBuffer(input));
    if (channel.isActive()) {
      channel.advanceTimeBy(
          CONFIG.handshakeTimeout().toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
      channel.runScheduledPendingTasks();
    }

    ByteBuf refused = channel.readOutbound();
    assertThat(refused).as("a REFUSED frame").isNotNull();
    assertThat(refused.getByte(Integer.BYTES)).isNotEqualTo(Handshake.OK);
    release(refused);
    assertThat(channel.isActive()).isFalse();
    assertThat(channel.pipeline().get(MessageCodec.class)).as("no Kryo decoder").isNull();
    channel.finishAndReleaseAll();
    assertThat(log.drain()).isEmpty();
    assertQuick(start);
  }

  /**
   * Any bytes from an authenticated client, applied to real shared objects: no op fails with an
   * internal error, and the first undecodable frame is answered with a protocol error, after which
   * nothing more is answered and the connection is closed.
   */
  @FuzzTest(maxDuration = "30s")
  void requests(byte[] input) {
    long start = System.nanoTime();
    EmbeddedChannel channel = new EmbeddedChannel();
    IoBudget budget = new IoBudget(CONFIG.maxIoBytes());
    channel
        .pipeline()
        .addLast(
            new FrameDecoder(MAX_FRAME_BYTES, budget),
            new Backpressure(CONFIG.maxOutputBytes()),
            new MessageCodec(CONFIG.maxReplyBytes(), budget.meter()),
            requestHandler(channel, new Registry(CONFIG)));

    channel.writeInbound(Unpooled.wrappedBuffer(input));
    List<Message> answers = answers(channel);

    assertThat(answers)
        .noneMatch(m -> m instanceof Message.Failure f && f.code() == ErrorCode.INTERNAL);
    if (holdsABadFrame(input)) {
      assertThat(channel.isActive()).as("closed after a bad frame").isFalse();
      assertThat(answers).last().isEqualTo(protocolFailure(answers));
    }
    channel.close();
    channel.finishAndReleaseAll();
    assertThat(log.drain()).isEmpty();
    assertQuick(start);
  }

  /** Whether {@code input} holds a bad length or a whole frame no client may send. */
  /**
   * A request handler on a fresh registry for an admin session, so that the admin operations are
   * fuzzed too; a fuzzed shutdown does nothing.
   */
  private static RequestHandler requestHandler(EmbeddedChannel channel, Registry registry) {
    ClientLink link = new ClientLink(channel, new IoBudget(CONFIG.maxIoBytes()));
    ManagerState state =
        new ManagerState(registry, new ManagerOps(registry, () -> {}), new WaiterLimits(CONFIG));
    return new RequestHandler(state.connect(1, true, link), link, Duration.ZERO);
  }

  private static boolean holdsABadFrame(byte[] input) {
    int offset = 0;
    while (input.length - offset >= Integer.BYTES) {
      int length = Unpooled.wrappedBuffer(input).getInt(offset);
      if (length < 0 || length > MAX_FRAME_BYTES) {
        return true;
      }
      if (input.length - offset - Integer.BYTES < length) {
        return false;
      }
      try {
        Message message = decode(input, offset, length);
        if (!(message instanceof Message.Request
            || message instanceof Message.Cancel
            || message instanceof Message.Ack)) {
          return true;
        }
      } catch (MalformedFrameException e) {
        return true;
      }
      offset += Integer.BYTES + length;
    }
    return false;
  }

  private static Message protocolFailure(List<Message> answers) {
    return answers.stream()
        .filter(m -> m instanceof Message.Failure f && f.code() == ErrorCode.PROTOCOL)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no protocol error in " + answers));
  }

  private static List<Message> answers(EmbeddedChannel channel) {
    List<Message> answers = new ArrayList<>();
    for (ByteBuf frame; (frame = channel.readOutbound()) != null; ) {
      byte[] bytes = ByteBufUtil.getBytes(frame);
      frame.release();
      answers.add(decode(bytes, 0));
    }
    return answers;
  }

  /** Decodes the frame at {@code offset}, length prefix included. */
  private static Message decode(byte[] bytes, int offset) {
    return decode(bytes, offset, Unpooled.wrappedBuffer(bytes).getInt(offset));
  }

  private static Message decode(byte[] bytes, int offset, int length) {
    return Frames.decode(KRYO, new Input(), bytes, offset + Integer.BYTES, length);
  }

  private static void release(ByteBuf buffer) {
    if (buffer != null) {
      buffer.release();
    }
  }

  private static void assertQuick(long start) {
    if (!timed) {
      return;
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PER_INPUT);
  }
}
