package io.jmanager.server;

import io.jmanager.protocol.Handshake;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each new connection's pipeline. A connection the handshake pool of {@link
 * ConnectionLimits} refuses is told why (REFUSED, status busy, in place of HELLO) and closed
 * without reading a byte; with TLS on, a TLS client can only read that answer through TLS, so the
 * TLS handshake is completed first. Before authentication the pipeline holds only the TLS handler
 * (when TLS is on: first, so that every handler after it sees plaintext), the frame decoder, capped
 * at {@link Handshake#MAX_FRAME_BYTES}, the output limit and the handshake handler, which writes
 * raw frames; no Kryo decoder exists until the handshake succeeds and installs it.
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
  private static final Logger log = LoggerFactory.getLogger(ServerInitializer.class);

  /** At most one warning per this interval about refused connections; the rest at debug. */
  private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final ServerConfig config;
  private final Inputs inputs;
  private final ChannelGroup channels;
  private final SslContext tls;
  private final ConnectionLimits limits;
  private final IoBudget inbound;
  private final IoBudget outbound;
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  /** {@code tls} is null when TLS is off. */
  ServerInitializer(ServerConfig config, Inputs inputs, ChannelGroup channels, SslContext tls) {
    this.config = config;
    this.inputs = inputs;
    this.channels = channels;
    this.tls = tls;
    this.limits = new ConnectionLimits(config);
    this.inbound = new IoBudget(config.maxIoBytes() / 2);
    this.outbound = new IoBudget(config.maxIoBytes() / 2);
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    channels.add(channel);
    InetAddress address = channel.remoteAddress().getAddress();
    String refusal = limits.admit(channel, address, System.nanoTime());
    if (refusal != null) {
      logRefusal(channel, refusal);
      refuse(channel, refusal);
      return;
    }
    if (tls != null) {
      // no timeout of its own: the handshake handler's deadline covers TLS and AUTH together
      channel.pipeline().addLast("tls", tlsHandler(channel, 0));
    }
    channel
        .pipeline()
        .addLast("frames", new FrameDecoder(Handshake.MAX_FRAME_BYTES, inbound))
        .addLast("output", new Backpressure(config.maxOutputBytes()))
        .addLast(
            "handshake",
            new ServerHandshakeHandler(config, inputs, limits, address, inbound, outbound));
  }

  private void refuse(SocketChannel channel, String refusal) {
    if (tls == null) {
      channel.config().setAutoRead(false);
    } else {
      channel.pipeline().addLast("tls", tlsHandler(channel, config.handshakeTimeout().toMillis()));
    }
    channel.pipeline().addLast("refuse", new Refuse(refusal));
  }

  private SslHandler tlsHandler(SocketChannel channel, long timeoutMillis) {
    SslHandler handler = tls.newHandler(channel.alloc());
    handler.setHandshakeTimeoutMillis(timeoutMillis);
    return handler;
  }

  private void logRefusal(SocketChannel channel, String refusal) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
      log.warn("refused connection from {}: {}", channel.remoteAddress(), refusal);
    } else {
      log.debug("refused connection from {}: {}", channel.remoteAddress(), refusal);
    }
  }

  /** Tells a refused client why, then closes; with TLS on, once the TLS handshake is done. */
  private static final class Refuse extends ChannelInboundHandlerAdapter {
    private final String reason;

    Refuse(String reason) {
      this.reason = reason;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      if (ctx.pipeline().get(SslHandler.class) == null) {
        refuse(ctx);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof SslHandshakeCompletionEvent done) {
        if (done.isSuccess()) {
          refuse(ctx);
        } else {
          ctx.close();
        }
      }
    }

    private void refuse(ChannelHandlerContext ctx) {
      ctx.writeAndFlush(Handshake.refused(ctx.alloc(), Handshake.BUSY, reason))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }
}
