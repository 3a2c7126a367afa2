package io.jmanager.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the answers waiting to be sent to one client. While more than the channel's high-water
 * mark of answers is unsent ({@link ServerConfig#outputHighWaterBytes()}), the connection's
 * requests are neither read from the socket nor applied: frames already read are held here, in
 * order, and applied once the client has read enough. So a client that sends without reading only
 * stalls itself. Answers the client did not ask for just now (to its parked calls) can still pile
 * up; once more than {@code maxBytes} are unsent, the connection is closed, and any queue item in
 * an unsent answer goes back to its queue (see {@link ClientLink#send}). One answer larger than the
 * limit is still sent when nothing else is waiting. (All connections' unsent answers together are
 * bounded by the server's outbound {@link IoBudget}, which {@link Session} keeps.)
 *
 * <p>It also owns the connection's reading: reading stops while answers back up or while the frame
 * decoder waits for room in the inbound budget ({@link #holdReading}), and resumes when neither
 * holds it.
 *
 * <p>Sits right after the frame decoder, so it holds raw frames and sees encoded answers. Confined
 * to the channel's event loop.
 */
final class Backpressure extends ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(Backpressure.class);

  private final long maxBytes;
  private final Queue<Object> held = new ArrayDeque<>();
  private boolean closing;
  private boolean budgetHold;
  private ChannelHandlerContext context;

  Backpressure(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object frame) {
    if (held.isEmpty() && ctx.channel().isWritable()) {
      ctx.fireChannelRead(frame);
    } else {
      held.add(frame);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    boolean released = false;
    while (ctx.channel().isWritable() && !held.isEmpty()) {
      ctx.fireChannelRead(held.poll());
      released = true;
    }
    if (released) {
      ctx.fireChannelReadComplete();
    }
    updateReading();
    ctx.fireChannelWritabilityChanged();
  }

  /** Stops reading while the frame decoder waits for room in the budget, or resumes it. */
  void holdReading(boolean hold) {
    budgetHold = hold;
    updateReading();
  }

  private void updateReading() {
    boolean read = !budgetHold && context.channel().isWritable() && held.isEmpty();
    if (read != context.channel().config().isAutoRead()) {
      context.channel().config().setAutoRead(read);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ChannelOutboundBuffer unsent = ctx.channel().unsafe().outboundBuffer();
    long before = unsent == null ? 0 : unsent.totalPendingWriteBytes();
    ctx.write(msg, promise);
    if (!closing && before > maxBytes) {
      closing = true;
      log.warn(
          "closing connection from {}: {} bytes of answers unread, over the limit of {}",
          ctx.channel().remoteAddress(),
          before,
          maxBytes);
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseHeld();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseHeld();
  }

  private void releaseHeld() {
    Object frame;
    while ((frame = held.poll()) != null) {
      ReferenceCountUtil.release(frame);
    }
  }
}
