package io.jmanager.server;

import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.HandshakeException;
import io.jmanager.protocol.Timeouts;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of {@link Handshake}: sends HELLO, checks AUTH, answers WELCOME or REFUSED. On
 * success it moves the connection to the session pool of {@link ConnectionLimits}, raises the frame
 * limit, installs the message codec and the request handler, and removes itself; on failure or
 * timeout it closes the connection. With TLS on, HELLO waits for the TLS handshake, and one
 * deadline, set here, covers both handshakes. Every way a handshake can end other than WELCOME
 * counts as a failed handshake of the client's address, except a refusal as busy before the key was
 * checked. Confined to the channel's loop.
 */
final class ServerHandshakeHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(ServerHandshakeHandler.class);

  private final ServerConfig config;
  private final Inputs inputs;
  private final ConnectionLimits limits;
  private final InetAddress address;
  private final IoBudget inbound;
  private final IoBudget outbound;
  private final byte[] serverNonce = Handshake.nonce();
  private ScheduledFuture<?> timeout;
  private boolean failed;

  ServerHandshakeHandler(
      ServerConfig config,
      Inputs inputs,
      ConnectionLimits limits,
      InetAddress address,
      IoBudget inbound,
      IoBudget outbound) {
    this.config = config;
    this.inputs = inputs;
    this.limits = limits;
    this.address = address;
    this.inbound = inbound;
    this.outbound = outbound;
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
      } else if (fail(ctx, "TLS handshake failed: " + describe(done.cause()), true)) {
        ctx.close();
      }
    } else if (event instanceof ConnectionLimits.Evicted evicted) {
      refuse(
          ctx,
          Handshake.BUSY,
          "too many connections in their handshake (limit "
              + evicted.limit()
              + "); this one was the oldest",
          true);
      return;
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
              + " ms: this server requires TLS",
          true);
    } else {
      refuse(ctx, Handshake.WRONG_KEY, "handshake timed out", true);
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    if (failed) {
      // Frames that came in the same read as the refused one: the connection is closing, and a
      // valid AUTH among them must not open a session on it.
      return;
    }
    Handshake.Auth auth = readAuth(ctx, frame);
    if (auth == null) {
      return;
    }
    // checked again here, not only at connect: connections opened in advance must not give an
    // address more guesses than its limit
    String throttled = limits.guess(address, System.nanoTime());
    if (throttled != null) {
      refuse(ctx, Handshake.BUSY, throttled, false);
    } else {
      checkKey(ctx, auth);
    }
  }

  /** Reads AUTH; refuses a frame that is not an AUTH of this version, and returns null. */
  private Handshake.Auth readAuth(ChannelHandlerContext ctx, ByteBuf frame) {
    Handshake.Auth auth;
    try {
      auth = Handshake.readAuth(frame);
    } catch (HandshakeException e) {
      refuse(ctx, e.status(), e.getMessage(), true);
      return null;
    }
    if (auth.version() != Handshake.VERSION) {
      refuse(
          ctx,
          Handshake.WRONG_VERSION,
          "protocol version "
              + auth.version()
              + " is not supported; this server speaks "
              + Handshake.VERSION,
          true);
      return null;
    }
    return auth;
  }

  /**
   * Accepts a client that proves it holds the data key or the admin key, and refuses it otherwise
   * (its guess already counted as a failed handshake). Both proofs are always computed, so the time
   * taken does not tell which key a guess was near.
   */
  private void checkKey(ChannelHandlerContext ctx, Handshake.Auth auth) {
    byte[] dataKey = config.authkey();
    byte[] adminKey = config.adminAuthkey();
    boolean data = Handshake.clientProofValid(dataKey, serverNonce, auth);
    boolean admin = adminKey.length > 0 && Handshake.clientProofValid(adminKey, serverNonce, auth);
    if (!data && !admin) {
      refuse(ctx, Handshake.WRONG_KEY, "authentication failed: wrong authkey", false);
      return;
    }
    limits.guessedRight(address);
    String leader = inputs.elsewhere();
    if (leader != null) {
      // not a failure: the client goes to the leader
      failed = true;
      timeout.cancel(false);
      log.debug("sent {} to the leader at '{}'", ctx.channel().remoteAddress(), leader);
      ctx.writeAndFlush(Handshake.refused(ctx.alloc(), Handshake.NOT_LEADER, leader))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    String full = limits.promote(ctx.channel(), address);
    long resume = auth.resumeSession();
    if (full != null) {
      refuse(ctx, Handshake.BUSY, full, false);
    } else if (resume != 0 && !inputs.resumable(resume, admin || adminKey.length == 0)) {
      // checked last: a resumable session's lease stops here, until its new connection is given
      refuse(
          ctx,
          Handshake.SESSION_EXPIRED,
          "session "
              + resume
              + " is closed: its lease ran out before its client came back, or this server"
              + " does not keep sessions past their connections",
          false);
    } else if (admin) {
      accept(ctx, auth, adminKey, true);
    } else {
      accept(ctx, auth, dataKey, adminKey.length == 0);
    }
  }

  private void accept(ChannelHandlerContext ctx, Handshake.Auth auth, byte[] key, boolean isAdmin) {
    timeout.cancel(false);
    long resume = auth.resumeSession();
    long sessionId = resume != 0 ? resume : inputs.newSessionId();
    Supplier<ByteBuf> welcome =
        () ->
            Handshake.welcome(
                ctx.alloc(),
                key,
                auth.clientNonce(),
                serverNonce,
                sessionId,
                config.maxFrameBytes(),
                inputs.leaseMillis());
    ctx.pipeline().get(FrameDecoder.class).maxFrameBytes(config.maxFrameBytes());
    ClientLink link = new ClientLink(ctx.channel(), outbound);
    if (!config.idleTimeout().isZero()) {
      ctx.pipeline()
          .addLast(
              "idle",
              new IdleStateHandler(
                  0, 0, Timeouts.nanos(config.idleTimeout()), TimeUnit.NANOSECONDS));
    }
    ctx.pipeline().addLast("messages", new MessageCodec(config.maxReplyBytes(), inbound.meter()));
    // once the codec is in place: a resumed session's kept answers go out at once
    Session.Inputs session;
    if (resume != 0) {
      // the welcome goes before the kept answers that resuming sends
      link.welcome(welcome.get());
      session = inputs.resume(resume, link);
    } else {
      session = inputs.connect(sessionId, isAdmin, link);
      CompletableFuture<Void> opened = session.opened();
      if (opened.isDone() && !opened.isCompletedExceptionally()) {
        link.welcome(welcome.get());
      } else {
        // the welcome waits until the session exists for good, and the answers to requests sent
        // with the authentication wait for the welcome
        link.holdAnswers();
        Channel channel = ctx.channel();
        opened.whenComplete(
            (done, failure) -> {
              if (failure == null) {
                // built on the connection's event loop, whose buffers are at hand (another
                // thread's first buffer is a new pool chunk, slow to fault in on some machines)
                channel.eventLoop().execute(() -> link.welcome(welcome.get()));
              } else {
                log.warn(
                    "closing {}: its session could not be opened: {}",
                    channel.remoteAddress(),
                    failure.toString());
                channel.close();
              }
            });
      }
    }
    ctx.pipeline()
        .addLast("requests", new RequestHandler(session, link, config.idleTimeout()))
        .remove(this);
    log.debug(
        "{} {}{}", session, resume != 0 ? "resumed" : "authenticated", isAdmin ? " as admin" : "");
  }

  /**
   * Refuses the client, tells it why in a frame it can read, and closes; {@code counts} says
   * whether this counts as a failed handshake (a wrong key was counted when it was guessed).
   */
  private void refuse(ChannelHandlerContext ctx, byte status, String reason, boolean counts) {
    if (!fail(ctx, reason, counts)) {
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
   * client's address if {@code counts}, and logs why. Returns false when it had already failed.
   */
  private boolean fail(ChannelHandlerContext ctx, String reason, boolean counts) {
    if (failed) {
      return false;
    }
    failed = true;
    timeout.cancel(false);
    if (counts) {
      limits.handshakeFailed(address, System.nanoTime());
    }
    log.warn("refused connection from {}: {}", ctx.channel().remoteAddress(), reason);
    return true;
  }

  /**
   * A client gone before its handshake ended failed it: otherwise connections opened and closed
   * within the handshake timeout could hold handshake slots forever without ever counting. A port
   * probe therefore counts too; health checks belong on the health port.
   */
  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail(ctx, "the connection closed before its handshake ended", true);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    refuse(ctx, Handshake.WRONG_VERSION, "bad handshake: " + cause.getMessage(), true);
  }
}
