package io.jmanager.protocol;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;

/**
 * Turns frame bodies into {@link Message}s and messages into length-prefixed frames. One instance
 * per channel: it owns a Kryo and a reusable output buffer, both confined to the channel's event
 * loop. Sits after the server's frame decoder, which has already stripped the length prefix.
 *
 * <p>A reply whose body would be larger than the reply limit, or that cannot be encoded at all, is
 * not sent: its write fails with {@link UnsendableReplyException}, so that the sender can answer
 * its request with a failure instead. Encoding stops at the limit, so a huge reply never costs more
 * than the limit in memory.
 */
public final class MessageCodec extends MessageToMessageCodec<ByteBuf, Message> {
  /** Largest reply body a client accepts; a server's reply limit may not exceed it. */
  public static final int MAX_REPLY_BYTES = 1 << 30;

  /** Largest encoding buffer kept between frames; one grown past it is replaced by a small one. */
  static final int KEPT_BUFFER_BYTES = 64 * 1024;

  private static final int FIRST_BUFFER_BYTES = 256;

  private final int maxReplyBytes;
  private final DecodeMeter meter;
  private final Kryo kryo;
  private final Output output;

  /**
   * Creates a codec that sends no message whose body is larger than {@code maxReplyBytes}, and
   * decodes without limit, for a peer that is trusted.
   */
  public MessageCodec(int maxReplyBytes) {
    this(maxReplyBytes, null);
  }

  /**
   * As {@link #MessageCodec(int)}, charging {@code meter} for what decoding each message allocates
   * and releasing it once the message has been handled; a request that does not fit is answered
   * MEMORY, unapplied. A null meter decodes without limit.
   */
  public MessageCodec(int maxReplyBytes, DecodeMeter meter) {
    this.maxReplyBytes = maxReplyBytes;
    this.meter = meter;
    this.kryo = meter == null ? ProtocolKryo.create() : ProtocolKryo.create(meter);
    this.output = new Output(FIRST_BUFFER_BYTES, Integer.BYTES + maxReplyBytes);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Message message, List<Object> out) {
    try {
      int length = frame(kryo, output, message);
      out.add(ctx.alloc().ioBuffer(length).writeBytes(output.getBuffer(), 0, length));
    } catch (RuntimeException e) {
      if (message instanceof Message.Reply reply) {
        throw unsendable(reply, e);
      }
      throw e;
    } finally {
      trim(output);
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

  /** A growable output for {@link #frame}. */
  public static Output newOutput() {
    return new Output(FIRST_BUFFER_BYTES, -1);
  }

  /**
   * Gives back the buffer of {@code output} when one large frame grew it past {@link
   * #KEPT_BUFFER_BYTES}, once that frame has been copied out: otherwise every connection that ever
   * sent one large answer would hold a buffer that size for as long as it stays open.
   */
  public static void trim(Output output) {
    if (output.getBuffer().length > KEPT_BUFFER_BYTES) {
      output.setBuffer(new byte[FIRST_BUFFER_BYTES], output.getMaxCapacity());
    }
  }

  /**
   * Writes {@code message} as a whole frame, length prefix included, at the start of {@code
   * output}'s buffer, with a Kryo made by {@link ProtocolKryo#create()}; returns the frame's
   * length. Lets a client encode on its calling threads instead of its I/O thread.
   */
  public static int frame(Kryo kryo, Output output, Message message) {
    output.reset();
    output.writeInt(0);
    kryo.writeClassAndObject(output, message);
    int length = output.position();
    byte[] bytes = output.getBuffer();
    int body = length - Integer.BYTES;
    bytes[0] = (byte) (body >>> 24);
    bytes[1] = (byte) (body >>> 16);
    bytes[2] = (byte) (body >>> 8);
    bytes[3] = (byte) body;
    return length;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    try {
      if (meter != null) {
        meter.begin(frame.readableBytes());
      }
      out.add(decode(ByteBufUtil.getBytes(frame)));
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

  /** Decodes one frame body; any malformed content is a {@link CorruptedFrameException}. */
  Message decode(byte[] body) {
    return decode(kryo, new Input(), body, 0, body.length);
  }

  /**
   * Decodes the frame body at {@code bytes[offset, offset + length)} with a Kryo made by {@link
   * ProtocolKryo#create()}, reusing {@code input}; any malformed content is a {@link
   * CorruptedFrameException}. Lets a client decode answers straight from its read buffer.
   */
  public static Message decode(Kryo kryo, Input input, byte[] bytes, int offset, int length) {
    input.setBuffer(bytes, offset, length);
    try {
      Object value = kryo.readClassAndObject(input);
      if (!(value instanceof Message message)) {
        throw new CorruptedFrameException("frame holds no message");
      }
      int stray = offset + length - input.position();
      if (stray != 0) {
        throw new CorruptedFrameException(stray + " stray bytes after the message");
      }
      return message;
    } catch (KryoException | IndexOutOfBoundsException e) {
      throw new CorruptedFrameException("malformed message: " + e.getMessage(), e);
    }
  }
}
