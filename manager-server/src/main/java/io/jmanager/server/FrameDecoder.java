package io.jmanager.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
 * limit starts small for the handshake and is raised once the peer has authenticated.
 *
 * <p>A frame longer than {@link #RESERVE_ABOVE} reserves three times its length in the server's
 * inbound {@link IoBudget} before more of it is read or it is passed on: the bytes gathered here,
 * the copy the message codec decodes from, and as much again for what decoding allocates. When the
 * budget has no room, the connection stops being read (through {@link Backpressure}, which owns
 * reading) until it has, first come, first served. The reservation is released once the frame has
 * been handled. Confined to the channel's event loop.
 */
final class FrameDecoder extends ByteToMessageDecoder {
  /** Frames up to this long are never reserved: a read brings them whole, or nearly. */
  static final int RESERVE_ABOVE = 64 * 1024;

  /** Room a large frame reserves, per byte of its length. */
  static final int RESERVED_PER_BYTE = 3;

  private final IoBudget budget;
  private int maxFrameBytes;

  /** Bytes reserved for the frame arriving now. */
  private long reserved;

  /** Bytes reserved for frames passed on in this read, released once they are handled. */
  private long handled;

  /** The wait for room of the frame arriving now, or null. */
  private IoBudget.Waiting waitingForRoom;

  /** Creates a decoder that accepts bodies of at most {@code maxFrameBytes}. */
  FrameDecoder(int maxFrameBytes, IoBudget budget) {
    this.maxFrameBytes = maxFrameBytes;
    this.budget = budget;
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
    if (length > RESERVE_ABOVE && reserved == 0 && !reserve(ctx, length)) {
      return;
    }
    if (in.readableBytes() < Integer.BYTES + length) {
      return;
    }
    in.skipBytes(Integer.BYTES);
    out.add(in.readRetainedSlice(length));
    handled += reserved;
    reserved = 0;
  }

  /**
   * Reserves room for a large frame; if there is none, stops reading until there is and returns
   * false.
   */
  private boolean reserve(ChannelHandlerContext ctx, int length) {
    if (waitingForRoom != null) {
      return false;
    }
    long room = (long) RESERVED_PER_BYTE * length;
    if (budget.tryReserve(room)) {
      reserved = room;
      return true;
    }
    ctx.pipeline().get(Backpressure.class).holdReading(true);
    waitForRoom(ctx, room);
    return false;
  }

  private void waitForRoom(ChannelHandlerContext ctx, long room) {
    waitingForRoom =
        budget.whenFree(room, () -> ctx.executor().execute(() -> retryReserve(ctx, room)));
  }

  /** Tries the reservation again; once it is made, reads on, and handles what already came. */
  private void retryReserve(ChannelHandlerContext ctx, long room) {
    if (waitingForRoom == null || !ctx.channel().isActive()) {
      return;
    }
    if (!budget.tryReserve(room)) {
      waitForRoom(ctx, room);
      return;
    }
    reserved = room;
    waitingForRoom = null;
    ctx.pipeline().get(Backpressure.class).holdReading(false);
    try {
      channelRead(ctx, Unpooled.EMPTY_BUFFER);
      channelReadComplete(ctx);
    } catch (Exception e) {
      ctx.fireExceptionCaught(e);
    }
  }

  /** Passes frames on, then releases what the frames handled in this read had reserved. */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    try {
      super.channelRead(ctx, msg);
    } finally {
      if (handled > 0) {
        budget.release(handled);
        handled = 0;
      }
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (waitingForRoom != null) {
      budget.stopWaiting(waitingForRoom);
      waitingForRoom = null;
    }
    budget.release(reserved + handled);
    reserved = 0;
    handled = 0;
  }
}
