package io.jmanager.server;

import io.jmanager.protocol.FrameDecoder;
import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.HandshakeException;
import io.jmanager.protocol.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of {@link Handshake}: sends HELLO, checks AUTH, answers WELCOME or REFUSED. On
 * success it raises the frame limit, installs the message codec and the request handler, and
 * removes itself; on failure or timeout it closes the connection. Confined to the channel's loop.
 */
final class ServerHandshakeHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(ServerHandshakeHandler.class);

  private final ServerConfig config;
  private final long sessionId;
  private final Registry registry;
  private final ConnectionLimits limits;
  private final WaiterLimits waiters;
  private final byte[] serverNonce = Handshake.nonce();
  private ScheduledFuture<?> timeout;
  private boolean refused;

  ServerHandshakeHandler(
      ServerConfig config,
      long sessionId,
      Registry registry,
      ConnectionLimits limits,
      WaiterLimits waiters) {
    this.config = config;
    this.sessionId = sessionId;
    this.registry = registry;
    this.limits = limits;
    this.waiters = waiters;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    timeout =
        ctx.executor()
            .schedule(
                () -> refuse(ctx, Handshake.WRONG_KEY, "handshake timed out"),
                config.handshakeTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
    ctx.writeAndFlush(Handshake.hello(ctx.alloc(), Handshake.VERSION, serverNonce));
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    if (refused) {
      // Frames that came in the same read as the refused one: the connection is closing, and a
      // valid AUTH among them must not open a session on it.
      return;
    }
    Handshake.Auth auth;
    try {
      auth = Handshake.readAuth(frame);
    } catch (HandshakeException e) {
      refuse(ctx, e.status(), e.getMessage());
      return;
    }
    if (auth.version() != Handshake.VERSION) {
      refuse(
          ctx,
          Handshake.WRONG_VERSION,
          "protocol version "
              + auth.version()
              + " is not supported; this server speaks "
              + Handshake.VERSION);
    } else if (!Handshake.clientProofValid(config.authkey(), serverNonce, auth)) {
      refuse(ctx, Handshake.WRONG_KEY, "authentication failed: wrong authkey");
    } else {
      accept(ctx, auth);
    }
  }

  private void accept(ChannelHandlerContext ctx, Handshake.Auth auth) {
    timeout.cancel(false);
    ctx.writeAndFlush(
        Handshake.welcome(
            ctx.alloc(), config.authkey(), auth.clientNonce(), serverNonce, sessionId));
    ctx.pipeline().get(FrameDecoder.class).maxFrameBytes(config.maxFrameBytes());
    Session session = new Session(sessionId, ctx.channel(), waiters);
    if (!config.idleTimeout().isZero()) {
      ctx.pipeline()
          .addLast(
              "idle",
              new IdleStateHandler(0, 0, config.idleTimeout().toNanos(), TimeUnit.NANOSECONDS));
    }
    ctx.pipeline()
        .addLast("messages", new MessageCodec())
        .addLast("requests", new RequestHandler(session, registry, config.idleTimeout()))
        .remove(this);
    log.debug("{} authenticated", session);
  }

  /** Refuses the client and counts a failed handshake against its address. */
  private void refuse(ChannelHandlerContext ctx, byte status, String reason) {
    if (refused) {
      return;
    }
    refused = true;
    timeout.cancel(false);
    if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
      limits.handshakeFailed(remote.getAddress(), System.nanoTime());
    }
    log.warn("refused connection from {}: {}", ctx.channel().remoteAddress(), reason);
    ctx.writeAndFlush(Handshake.refused(ctx.alloc(), status, reason))
        .addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * A client gone before its handshake ended failed none: a port probe must not count against its
   * address at the handshake timeout.
   */
  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    timeout.cancel(false);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    refuse(ctx, Handshake.WRONG_VERSION, "bad handshake: " + cause.getMessage());
  }
}
