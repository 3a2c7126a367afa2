package io.jmanager.client;

import io.jmanager.protocol.FrameDecoder;
import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.HandshakeException;
import io.jmanager.protocol.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.concurrent.CompletableFuture;

/**
 * The client's side of {@link Handshake}: answers HELLO with AUTH, checks the server's proof in
 * WELCOME, then installs the message codec and the response handler and removes itself. The outcome
 * completes {@link #done()}. Confined to the channel's event loop.
 */
final class ClientHandshakeHandler extends SimpleChannelInboundHandler<ByteBuf> {
  /** Largest frame accepted from an authenticated server. */
  static final int MAX_REPLY_FRAME_BYTES = 1 << 30;

  private final byte[] authkey;
  private final String address;
  private final ChannelHandler responses;
  private final CompletableFuture<Long> done = new CompletableFuture<>();
  private final byte[] clientNonce = Handshake.nonce();
  private byte[] serverNonce;

  ClientHandshakeHandler(byte[] authkey, String address, ChannelHandler responses) {
    this.authkey = authkey;
    this.address = address;
    this.responses = responses;
  }

  /** Completes with the session id, or fails with the reason the handshake failed. */
  CompletableFuture<Long> done() {
    return done;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    try {
      if (serverNonce == null) {
        Handshake.Hello hello = Handshake.readHello(frame);
        serverNonce = hello.serverNonce();
        ctx.writeAndFlush(Handshake.auth(ctx.alloc(), authkey, serverNonce, clientNonce));
      } else {
        long session = Handshake.readWelcome(frame, authkey, clientNonce, serverNonce);
        ctx.pipeline().get(FrameDecoder.class).maxFrameBytes(MAX_REPLY_FRAME_BYTES);
        ctx.pipeline().addLast(new MessageCodec()).addLast(responses).remove(this);
        done.complete(session);
      }
    } catch (HandshakeException e) {
      fail(ctx, e);
    }
  }

  private void fail(ChannelHandlerContext ctx, HandshakeException e) {
    String message = "server " + address + " refused the connection: " + e.getMessage();
    done.completeExceptionally(
        e.status() == Handshake.WRONG_KEY
            ? new AuthenticationException(message)
            : new ManagerException(message));
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    done.completeExceptionally(
        new ManagerException("server " + address + " closed the connection during the handshake"));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    done.completeExceptionally(
        new ManagerException(
            "handshake with " + address + " failed: " + cause.getMessage(), cause));
    ctx.close();
  }
}
