package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.Message;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each request and cancel of one authenticated connection to its session's {@link
 * Session.Inputs}, on the channel's event loop. In memory they are applied at once, so answers go
 * out in the same read batch: written as they are made and flushed once when the batch ends. A
 * closed connection closes its session; a lost one (timed out) lets the durable mode keep it for
 * its lease.
 */
final class RequestHandler extends SimpleChannelInboundHandler<Message> {
  private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

  private final Session.Inputs session;
  private final ClientLink link;
  private final Duration idleTimeout;
  private boolean closing;
  private boolean timedOut;

  RequestHandler(Session.Inputs session, ClientLink link, Duration idleTimeout) {
    this.session = session;
    this.link = link;
    this.idleTimeout = idleTimeout;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Message message) {
    if (closing) {
      // Requests that came in the same read as a malformed frame: the client is told the
      // connection is closing, and nothing after the protocol error is applied.
      return;
    }
    link.beginReadBatch();
    if (message instanceof Message.Request request) {
      session.request(request);
    } else if (message instanceof Message.Cancel cancel) {
      session.cancel(cancel.id());
    } else if (message instanceof Message.Ack ack) {
      session.acknowledged(ack.ids());
    } else {
      protocolError(ctx, "a client may not send " + message.getClass().getSimpleName());
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    link.endReadBatch();
    ctx.flush();
    ctx.fireChannelReadComplete();
  }

  /**
   * Closes a connection silent for the idle timeout, unless it waits on or holds something: a
   * client parked in {@code take()} or holding a lock is not idle.
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent && session.isQuiet()) {
      log.debug("closing idle {}", session);
      ctx.writeAndFlush(new Message.Goodbye("idle for " + idleTimeout))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timedOut) {
      session.lost();
    } else {
      session.close();
    }
    log.debug("{} closed", session);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof DecoderException) {
      protocolError(ctx, cause.getMessage());
    } else if (cause instanceof IOException) {
      // a connection that timed out (keepalive, TCP_USER_TIMEOUT) was lost; one closed or reset by
      // its peer was ended by a client that is gone, even if SIGKILLed
      timedOut = String.valueOf(cause.getMessage()).contains("timed out");
      log.debug("{}: {}", session, cause.toString());
      ctx.close();
    } else {
      log.error("{} failed", session, cause);
      ctx.close();
    }
  }

  private void protocolError(ChannelHandlerContext ctx, String reason) {
    if (closing) {
      return;
    }
    closing = true;
    log.warn("closing {}: {}", session, reason);
    ctx.writeAndFlush(new Message.Failure(0, ErrorCode.PROTOCOL, reason))
        .addListener(ChannelFutureListener.CLOSE);
  }
}
