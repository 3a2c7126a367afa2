package io.jmanager.server;

import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.HandshakeException;
import io.jmanager.protocol.MessageCodec;
import io.jmanager.protocol.Timeouts;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of {@link Handshake}: sends HELLO, checks AUTH, answers WELCOME or REFUSED. On
 * success it raises the frame limit, installs the message codec and the request handler, and
 * removes itself; on failure or timeout it closes the connection. With TLS on, HELLO waits for the
 * TLS handshake, and one deadline, set here, covers both handshakes; a failed TLS handshake counts
 * as a failed handshake. Confined to the channel's loop.
 */
final class ServerHandshakeHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(ServerHandshakeHandler.class);

  private final ServerConfig config;
  private final long sessionId;
  private final Registry registry;
  private final Admin admin;
  private final ConnectionLimits limits;
  private final WaiterLimits waiters;
  private final IoBudget inbound;
  private final byte[] serverNonce = Handshake.nonce();
  private ScheduledFuture<?> timeout;
  private boolean failed;

  ServerHandshakeHandler(
      ServerConfig config,
      long sessionId,
      Registry registry,
      Admin admin,
      ConnectionLimits limits,
      WaiterLimits waiters,
      IoBudget inbound) {
    this.config = config;
    this.sessionId = sessionId;
    this.registry = registry;
    this.admin = admin;
    this.limits = limits;
    this.waiters = waiters;
    this.inbound = inbound;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    timeout =
        ctx.executor()
            .schedule(
                () -> timedOut(ctx),
                Timeouts.nanos(config.handshakeTimeout()),
                TimeUnit.NANOSECONDS);
    // the server speaks first; over TLS, once the TLS handshake is done (userEventTriggered)
    if (ctx.pipeline().get(SslHandler.class) == null) {
      hello(ctx);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent done) {
      if (done.isSuccess()) {
        hello(ctx);
      } else if (fail(ctx, "TLS handshake failed: " + describe(done.cause()))) {
        ctx.close();
      }
    }
    ctx.fireUserEventTriggered(event);
  }

  private void hello(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(Handshake.hello(ctx.alloc(), Handshake.VERSION, serverNonce));
  }

  private static String describe(Throwable cause) {
    if (cause instanceof NotSslRecordException) {
      return "the client does not speak TLS";
    }
    if (cause instanceof ClosedChannelException) {
      return "the client closed the connection";
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  /**
   * Ends a handshake that took too long. A client that has not finished its TLS handshake by now is
   * most likely a jmanager client speaking plaintext, which sends nothing until it reads HELLO, so
   * it is told that TLS is required.
   */
  private void timedOut(ChannelHandlerContext ctx) {
    if (tlsPending(ctx)) {
      refuse(
          ctx,
          Handshake.WRONG_VERSION,
          "no TLS handshake within "
              + config.handshakeTimeout().toMillis()
              + " ms: this server requires TLS");
    } else {
      refuse(ctx, Handshake.WRONG_KEY, "handshake timed out");
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    if (failed) {
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
    } else {
      checkKey(ctx, auth);
    }
  }

  /**
   * Accepts a client that proves it holds the data key or the admin key, and refuses it otherwise.
   * Both proofs are always computed, so the time taken does not tell which key a guess was near.
   */
  private void checkKey(ChannelHandlerContext ctx, Handshake.Auth auth) {
    byte[] dataKey = config.authkey();
    byte[] adminKey = config.adminAuthkey();
    boolean data = Handshake.clientProofValid(dataKey, serverNonce, auth);
    boolean admin = adminKey.length > 0 && Handshake.clientProofValid(adminKey, serverNonce, auth);
    if (admin) {
      accept(ctx, auth, adminKey, true);
    } else if (data) {
      accept(ctx, auth, dataKey, adminKey.length == 0);
    } else {
      refuse(ctx, Handshake.WRONG_KEY, "authentication failed: wrong authkey");
    }
  }

  private void accept(ChannelHandlerContext ctx, Handshake.Auth auth, byte[] key, boolean isAdmin) {
    timeout.cancel(false);
    ctx.writeAndFlush(
        Handshake.welcome(
            ctx.alloc(), key, auth.clientNonce(), serverNonce, sessionId, config.maxFrameBytes()));
    ctx.pipeline().get(FrameDecoder.class).maxFrameBytes(config.maxFrameBytes());
    Session session = new Session(sessionId, ctx.channel(), waiters, isAdmin);
    admin.opened(session);
    if (!config.idleTimeout().isZero()) {
      ctx.pipeline()
          .addLast(
              "idle",
              new IdleStateHandler(
                  0, 0, Timeouts.nanos(config.idleTimeout()), TimeUnit.NANOSECONDS));
    }
    ctx.pipeline()
        .addLast("messages", new MessageCodec(config.maxReplyBytes(), inbound.meter()))
        .addLast("requests", new RequestHandler(session, registry, admin, config.idleTimeout()))
        .remove(this);
    log.debug("{} authenticated{}", session, isAdmin ? " as admin" : "");
  }

  /** Refuses the client, tells it why in a frame it can read, and closes. */
  private void refuse(ChannelHandlerContext ctx, byte status, String reason) {
    if (!fail(ctx, reason)) {
      return;
    }
    // before its TLS handshake is done, a client reads plaintext only: the frame and the close
    // start at the TLS handler's own context, which passes them on without the TLS handler
    ChannelHandlerContext out = tlsPending(ctx) ? ctx.pipeline().context(SslHandler.class) : ctx;
    out.writeAndFlush(Handshake.refused(out.alloc(), status, reason))
        .addListener(written -> out.close());
  }

  /** Whether TLS is on and the client's TLS handshake is not done. */
  private static boolean tlsPending(ChannelHandlerContext ctx) {
    SslHandler tls = ctx.pipeline().get(SslHandler.class);
    return tls != null && !tls.handshakeFuture().isSuccess();
  }

  /**
   * Ends the handshake as failed, once: stops the deadline, counts a failed handshake against the
   * client's address and logs why. Returns false when it had already failed.
   */
  private boolean fail(ChannelHandlerContext ctx, String reason) {
    if (failed) {
      return false;
    }
    failed = true;
    timeout.cancel(false);
    if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
      limits.handshakeFailed(remote.getAddress(), System.nanoTime());
    }
    log.warn("refused connection from {}: {}", ctx.channel().remoteAddress(), reason);
    return true;
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
