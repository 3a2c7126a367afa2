package io.jmanager.server;

import io.jmanager.protocol.FrameDecoder;
import io.jmanager.protocol.Handshake;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds each new connection's pipeline. Before authentication it holds only the frame decoder,
 * capped at {@link Handshake#MAX_FRAME_BYTES}, and the handshake handler, which writes raw frames;
 * no Kryo decoder exists until the handshake succeeds and installs it.
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
  private final ServerConfig config;
  private final Registry registry;
  private final ChannelGroup channels;
  private final AtomicLong sessionIds = new AtomicLong();

  ServerInitializer(ServerConfig config, Registry registry, ChannelGroup channels) {
    this.config = config;
    this.registry = registry;
    this.channels = channels;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    channels.add(channel);
    channel
        .pipeline()
        .addLast("frames", new FrameDecoder(Handshake.MAX_FRAME_BYTES))
        .addLast(
            "handshake",
            new ServerHandshakeHandler(config, sessionIds.incrementAndGet(), registry));
  }
}
