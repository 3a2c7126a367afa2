package io.jmanager.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the answers waiting to be sent to one client, and counts them in the server's {@link
 * IoBudget}. While more than the channel's high-water mark of answers is unsent ({@link
 * ServerConfig#outputHighWaterBytes()}), the connection's requests are neither read from the socket
 * nor applied: frames already read are held here, in order, and applied once the client has read
 * enough. So a client that sends without reading only stalls itself. Answers the client did not ask
 * for just now (to its parked calls) can still pile up; once more than {@code maxBytes} are unsent,
 * or the server's budget is exceeded and this connection has the most unsent, the connection is
 * closed, and any queue item in an unsent answer goes back to its queue (see {@link Session#send}).
 * One answer larger than the limit is still sent when nothing else is waiting.
 *
 * <p>It also owns the connection's reading: reading stops while answers back up or while the frame
 * decoder waits for room in the budget ({@link #holdReading}), and resumes when neither holds it.
 *
 * <p>Sits right after the frame decoder, so it holds raw frames and sees encoded answers. Confined
 * to the channel's event loop, except {@link #unsentBytes}, {@link #isClosing} and {@link
 * #closeOverBudget}, which the budget calls from any thread.
 */
final class Backpressure extends ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(Backpressure.class);

  private final long maxBytes;
  private final IoBudget budget;
  private final Queue<Object> held = new ArrayDeque<>();
  private final AtomicLong unsent = new AtomicLong();
  private volatile boolean closing;
  private boolean budgetHold;
  private ChannelHandlerContext context;

  Backpressure(long maxBytes, IoBudget budget) {
    this.maxBytes = maxBytes;
    this.budget = budget;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
    budget.track(this);
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
    ChannelOutboundBuffer pending = ctx.channel().unsafe().outboundBuffer();
    long before = pending == null ? 0 : pending.totalPendingWriteBytes();
    long bytes = msg instanceof ByteBuf buf ? buf.readableBytes() : 0;
    ChannelPromise counted = bytes == 0 ? promise : count(promise.unvoid(), bytes);
    ctx.write(msg, counted);
    if (!closing && before > maxBytes) {
      close(before + " bytes of answers unread, over the connection's limit of " + maxBytes);
    }
    if (bytes > 0) {
      budget.shedLargestOutput();
    }
  }

  /** Counts an answer's bytes until its write completes, whether it is sent or fails. */
  private ChannelPromise count(ChannelPromise promise, long bytes) {
    unsent.addAndGet(bytes);
    budget.add(bytes);
    promise.addListener(
        written -> {
          unsent.addAndGet(-bytes);
          budget.release(bytes);
        });
    return promise;
  }

  /** Bytes of answers written and not yet sent. */
  long unsentBytes() {
    return unsent.get();
  }

  boolean isClosing() {
    return closing;
  }

  /** Whether answers back up: more are unsent than the high-water mark. */
  boolean isBackedUp() {
    return !context.channel().isWritable();
  }

  /**
   * Closes this connection, from any thread, because the server's budget is exceeded, if on its own
   * loop it still is and this connection is still backed up.
   */
  void closeOverBudget() {
    context
        .executor()
        .execute(
            () -> {
              if (!closing && budget.exceeded() && isBackedUp()) {
                close(
                    unsent.get()
                        + " bytes of answers unread, the most of any connection, while answers"
                        + " unsent to all clients are over the server's budget of "
                        + budget.limit()
                        + " bytes");
              }
            });
  }

  private void close(String why) {
    closing = true;
    log.warn("closing connection from {}: {}", context.channel().remoteAddress(), why);
    context.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseHeld();
    budget.untrack(this);
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseHeld();
    budget.untrack(this);
  }

  private void releaseHeld() {
    Object frame;
    while ((frame = held.poll()) != null) {
      ReferenceCountUtil.release(frame);
    }
  }
}
