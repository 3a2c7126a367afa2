package io.jmanager.protocol;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
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
 */
public final class MessageCodec extends MessageToMessageCodec<ByteBuf, Message> {
  /** Largest encoding buffer kept between frames; one grown past it is replaced by a small one. */
  static final int KEPT_BUFFER_BYTES = 64 * 1024;

  private static final int FIRST_BUFFER_BYTES = 256;

  private final DecodeMeter meter;
  private final Kryo kryo;
  private final Output output = newOutput();

  /** A codec whose decoding allocates without limit, for a peer that is trusted. */
  public MessageCodec() {
    this.meter = null;
    this.kryo = ProtocolKryo.create();
  }

  /**
   * A codec that charges {@code meter} for what decoding each message allocates, and releases it
   * once the message has been handled. A request that does not fit is answered MEMORY, unapplied.
   */
  public MessageCodec(DecodeMeter meter) {
    this.meter = meter;
    this.kryo = ProtocolKryo.create(meter);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Message message, List<Object> out) {
    int length = frame(kryo, output, message);
    out.add(ctx.alloc().ioBuffer(length).writeBytes(output.getBuffer(), 0, length));
    trim(output);
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
      output.setBuffer(new byte[FIRST_BUFFER_BYTES], -1);
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
