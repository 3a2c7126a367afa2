package io.jmanager.server;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.DecodeMeter;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.MalformedFrameException;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ProtocolKryo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;

/**
 * Turns frame bodies into {@link Message}s and messages into length-prefixed frames, with {@link
 * Frames}. One instance per channel: it owns a Kryo, an input and a reusable output buffer, all
 * confined to the channel's event loop. Sits after the {@link FrameDecoder}, which has already
 * stripped the length prefix; a malformed body is a {@link CorruptedFrameException}.
 *
 * <p>A reply whose body would be larger than the reply limit, or that cannot be encoded at all, is
 * not sent: its write fails with {@link UnsendableReplyException}, so that the sender can answer
 * its request with a failure instead. Encoding stops at the limit, so a huge reply never costs more
 * than the limit in memory.
 */
final class MessageCodec extends MessageToMessageCodec<ByteBuf, Message> {
  private final int maxReplyBytes;
  private final DecodeMeter meter;
  private final Kryo kryo;
  private final Input input = new Input();
  private final Output output;

  /**
   * Creates a codec that sends no message whose body is larger than {@code maxReplyBytes}, and
   * decodes without limit, for a peer that is trusted.
   */
  MessageCodec(int maxReplyBytes) {
    this(maxReplyBytes, null);
  }

  /**
   * As {@link #MessageCodec(int)}, charging {@code meter} for what decoding each message allocates
   * and releasing it once the message has been handled; a request that does not fit is answered
   * MEMORY, unapplied. A null meter decodes without limit.
   */
  MessageCodec(int maxReplyBytes, DecodeMeter meter) {
    this.maxReplyBytes = maxReplyBytes;
    this.meter = meter;
    this.kryo = meter == null ? ProtocolKryo.create() : ProtocolKryo.create(meter);
    this.output = Frames.newOutput(maxReplyBytes);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Message message, List<Object> out) {
    try {
      int length = Frames.frame(kryo, output, message);
      out.add(ctx.alloc().ioBuffer(length).writeBytes(output.getBuffer(), 0, length));
    } catch (RuntimeException e) {
      if (message instanceof Message.Reply reply) {
        throw unsendable(reply, e);
      }
      throw e;
    } finally {
      Frames.trim(output);
    }
  }

  private UnsendableReplyException unsendable(Message.Reply reply, RuntimeException cause) {
    String why =
        cause instanceof KryoBufferOverflowException
            ? "is larger than the reply limit of " + maxReplyBytes + " bytes"
            : "cannot be encoded: " + cause;
    return new UnsendableReplyException(
        reply.id(), "the answer to request " + reply.id() + " " + why, cause);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    try {
      if (meter != null) {
        meter.begin(frame.readableBytes());
      }
      byte[] body = ByteBufUtil.getBytes(frame);
      out.add(Frames.decode(kryo, input, body, 0, body.length));
    } catch (MalformedFrameException malformed) {
      throw new CorruptedFrameException(malformed.getMessage(), malformed.getCause());
    } catch (DecodeMeter.Refused refused) {
      if (refused.requestId() == 0) {
        throw new CorruptedFrameException(refused.getMessage());
      }
      // written from the tail, so that this codec encodes it
      ctx.channel()
          .write(new Message.Failure(refused.requestId(), ErrorCode.MEMORY, refused.getMessage()));
    }
  }

  /** Decodes and passes the message on; once it has been handled, releases what it was charged. */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    try {
      super.channelRead(ctx, msg);
    } finally {
      if (meter != null) {
        meter.done();
      }
    }
  }
}
