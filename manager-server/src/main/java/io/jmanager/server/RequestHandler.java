package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ManagerOp;
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
 * Applies each request of one authenticated connection to its shared object, on the channel's event
 * loop, and answers in the same read batch: replies are written as they are made and flushed once
 * when the batch ends. A closed connection releases everything its session waited on or held, and
 * deletes the objects it created anonymously.
 */
final class RequestHandler extends SimpleChannelInboundHandler<Message> {
  private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

  private final Session session;
  private final Registry registry;
  private final ManagerOps managerOps;
  private final Duration idleTimeout;
  private boolean closing;

  RequestHandler(Session session, Registry registry, ManagerOps managerOps, Duration idleTimeout) {
    this.session = session;
    this.registry = registry;
    this.managerOps = managerOps;
    this.idleTimeout = idleTimeout;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Message message) {
    if (closing) {
      // Requests that came in the same read as a malformed frame: the client is told the
      // connection is closing, and nothing after the protocol error is applied.
      return;
    }
    session.beginReadBatch();
    if (message instanceof Message.Request request) {
      apply(request);
    } else if (message instanceof Message.Cancel cancel) {
      cancel(cancel.id());
    } else {
      protocolError(ctx, "a client may not send " + message.getClass().getSimpleName());
    }
  }

  private void apply(Message.Request request) {
    Call call = new Call(session, request);
    try {
      if (call.op() instanceof ManagerOp) {
        managerOps.apply(call);
        return;
      }
      SharedObject object = registry.get(request.objectId());
      if (object == null) {
        call.fail(ErrorCode.NO_SUCH_OBJECT, "no object has id " + request.objectId());
      } else if (object.type().opFamily() != call.op().type()) {
        call.fail(ErrorCode.WRONG_TYPE, "'" + object.name() + "' is a " + object.type());
      } else {
        object.apply(call);
      }
    } catch (OpException e) {
      call.fail(e.code(), e.getMessage());
    } catch (RuntimeException e) {
      log.error("{} failed on {}", call.op(), session, e);
      call.fail(ErrorCode.INTERNAL, call.op() + " failed: " + e);
    } catch (OutOfMemoryError e) {
      outOfMemory(call, e);
    }
  }

  /**
   * Answers MEMORY to a call that ran out of heap. Every op allocates what a change needs before it
   * changes anything, so the object is as it was; the server goes on serving.
   */
  private void outOfMemory(Call call, OutOfMemoryError e) {
    log.error("{} on {} ran out of memory: {}", call.op(), session, e.getMessage());
    if (!call.answered()) {
      call.fail(ErrorCode.MEMORY, call.op() + " needs more memory than the server has free");
    }
  }

  private void cancel(long requestId) {
    SharedObject object = session.parkedOn(requestId);
    if (object != null) {
      object.cancel(session, requestId);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    session.endReadBatch();
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
    managerOps.closed(session);
    for (SharedObject object : session.involvedObjects()) {
      object.sessionClosed(session);
    }
    registry.deleteOwned(session);
    log.debug("{} closed", session);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof DecoderException) {
      protocolError(ctx, cause.getMessage());
    } else if (cause instanceof IOException) {
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
