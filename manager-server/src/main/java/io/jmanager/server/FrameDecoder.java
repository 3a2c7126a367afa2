package io.jmanager.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the byte stream into frames.
 *
 * <pre>
 * +----------------+---------------------------+
 * | length: int32  | body: length bytes        |
 * | big-endian     | handshake or Kryo message |
 * +----------------+---------------------------+
 * </pre>
 *
 * A length below zero or above the current limit fails before a byte of the body is buffered. The
 * limit starts small for the handshake and is raised once the peer has authenticated; it is only
 * read and written on the channel's event loop.
 */
final class FrameDecoder extends ByteToMessageDecoder {
  private int maxFrameBytes;

  /** Creates a decoder that accepts bodies of at most {@code maxFrameBytes}. */
  FrameDecoder(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Changes the limit; call it on the channel's event loop. */
  void maxFrameBytes(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws TooLongFrameException {
    if (in.readableBytes() < Integer.BYTES) {
      return;
    }
    int length = in.getInt(in.readerIndex());
    if (length < 0 || length > maxFrameBytes) {
      in.skipBytes(in.readableBytes());
      // a TLS record starts with its type (22: handshake) and version (3.x)
      throw new TooLongFrameException(
          (length >>> 16) == 0x1603
              ? "a TLS handshake where a jmanager frame was expected: the peer uses TLS, this side"
                  + " does not"
              : "frame of "
                  + Integer.toUnsignedString(length)
                  + " bytes exceeds the limit of "
                  + maxFrameBytes);
    }
    if (in.readableBytes() < Integer.BYTES + length) {
      return;
    }
    in.skipBytes(Integer.BYTES);
    out.add(in.readRetainedSlice(length));
  }
}
