package io.jmanager.server;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import jdk.net.ExtendedSocketOptions;

/**
 * The server's socket transport: Netty's native epoll on Linux, where it loads (fewer system calls
 * and copies than NIO), and NIO elsewhere or when {@code -Djmanager.transport=nio} asks for it.
 */
final class Transport {
  private static final boolean EPOLL =
      !"nio".equals(System.getProperty("jmanager.transport")) && Epoll.isAvailable();

  private Transport() {}

  /** The transport in use, {@code epoll} or {@code nio}. */
  static String name() {
    return EPOLL ? "epoll" : "nio";
  }

  /** An event loop group of {@code threads} threads (0: Netty's default). */
  static EventLoopGroup group(int threads, ThreadFactory factory) {
    return EPOLL
        ? new EpollEventLoopGroup(threads, factory)
        : new NioEventLoopGroup(threads, factory);
  }

  /**
   * The options that make TCP keepalive probe a silent peer after {@code idleSeconds}, then every
   * {@code intervalSeconds}, dropping the connection after {@code count} unanswered probes. With
   * epoll, TCP_USER_TIMEOUT gets the same total: keepalive probes only a connection with nothing
   * unacknowledged, and without it data written to a vanished peer would be retransmitted for some
   * 15 minutes (Linux's tcp_retries2) before the connection is dropped.
   */
  static Map<ChannelOption<Integer>, Integer> keepalive(
      int idleSeconds, int intervalSeconds, int count) {
    return EPOLL
        ? Map.of(
            EpollChannelOption.TCP_KEEPIDLE, idleSeconds,
            EpollChannelOption.TCP_KEEPINTVL, intervalSeconds,
            EpollChannelOption.TCP_KEEPCNT, count,
            EpollChannelOption.TCP_USER_TIMEOUT, (idleSeconds + intervalSeconds * count) * 1000)
        : Map.of(
            NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), idleSeconds,
            NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), intervalSeconds,
            NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), count);
  }

  /** The class of listening sockets. */
  static Class<? extends ServerChannel> serverChannel() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }
}
