package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.Message;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running jmanager server: embeddable with {@link #start(ServerConfig)}, or run as a daemon by
 * {@link Main}. One acceptor thread and a few event-loop threads serve every client; no thread is
 * ever parked for a client.
 */
public final class ManagerServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ManagerServer.class);
  private static final String VERSION = readVersion();

  /** How long a durable server may take to apply its log at start before it gives up. */
  private static final Duration LOG_START_TIMEOUT = Duration.ofMinutes(5);

  private final EventLoopGroup acceptor = Transport.group(1, threads("jmanager-accept"));
  private final EventLoopGroup workers = Transport.group(0, threads("jmanager-io"));
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final ManagerState memory;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Channel serverChannel;
  private final Channel healthChannel;
  private final DurableLog durable;
  private volatile boolean closed;

  private ManagerServer(ServerConfig config, SslContext tls) {
    // An admin's shutdown arrives on an event loop, which close() stops: close on another thread.
    Runnable shutdown = () -> new Thread(this::close, "jmanager-stop").start();
    durable = config.dataDir().map(dir -> openLog(dir, config, shutdown)).orElse(null);
    memory = durable == null ? ManagerState.create(config, shutdown) : null;
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(acceptor, workers)
            .channel(Transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(
                    config.outputHighWaterBytes() / 2, config.outputHighWaterBytes()))
            .childHandler(
                new ServerInitializer(config, durable == null ? memory : durable, channels, tls));
    Transport.keepalive(
            (int) config.keepaliveIdle().toSeconds(),
            (int) config.keepaliveInterval().toSeconds(),
            config.keepaliveCount())
        .forEach(bootstrap::childOption);
    serverChannel = bind(bootstrap, config.host(), config.port(), null);
    healthChannel =
        config.healthPort() < 0
            ? null
            : bind(
                new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(Transport.serverChannel())
                    .childHandler(new HealthAnswer()),
                config.healthHost(),
                config.healthPort(),
                serverChannel);
  }

  /** Opens the durable log in {@code dir} and applies what it holds, or shuts down and throws. */
  private DurableLog openLog(Path dir, ServerConfig config, Runnable shutdown) {
    DurableLog opened = null;
    try {
      opened = new DurableLog(config, shutdown);
      opened.start(LOG_START_TIMEOUT);
      return opened;
    } catch (IllegalArgumentException e) {
      // a bad option (a user type, a TLS file), which says what is wrong without the log
      stopOpening(opened);
      throw e;
    } catch (IOException | RuntimeException e) {
      stopOpening(opened);
      throw new IllegalStateException("cannot open the durable log in " + dir + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopOpening(opened);
      throw new IllegalStateException("interrupted while opening the durable log in " + dir, e);
    }
  }

  private void stopOpening(DurableLog opened) {
    if (opened != null) {
      closeQuietly(opened);
    }
    shutdownLoops();
  }

  private static void closeQuietly(DurableLog log) {
    try {
      log.close();
    } catch (IOException | RuntimeException e) {
      ManagerServer.log.warn("closing the durable log: {}", e.toString());
    }
  }

  /** Binds, or shuts the loops down and throws, closing {@code opened} first if given. */
  private Channel bind(ServerBootstrap bootstrap, String host, int port, Channel opened) {
    ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
    if (bound.isSuccess()) {
      return bound.channel();
    }
    if (opened != null) {
      opened.close().syncUninterruptibly();
    }
    if (durable != null) {
      closeQuietly(durable);
    }
    shutdownLoops();
    Throwable cause = bound.cause();
    String where = "cannot listen on " + host + ":" + port + ": ";
    throw cause instanceof IOException io
        ? new UncheckedIOException(where + io.getMessage(), io)
        : new IllegalStateException(where + cause, cause);
  }

  /** Answers a health-port connection with one line and closes it. */
  private final class HealthAnswer extends ChannelInboundHandlerAdapter {
    @Override
    public boolean isSharable() {
      return true;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      String status = closed ? "stopping\n" : "ready\n";
      ctx.writeAndFlush(Unpooled.copiedBuffer(status, StandardCharsets.US_ASCII))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  /**
   * Binds and starts serving. Throws {@link IllegalArgumentException} for a non-loopback address
   * without an authkey or a TLS file that cannot be read or does not hold what it should, and
   * {@link UncheckedIOException} when the address cannot be bound.
   */
  public static ManagerServer start(ServerConfig config) {
    requireKeyOffLoopback(config);
    SslContext tls = ServerTls.context(config);
    ManagerServer server = new ManagerServer(config, tls);
    InetSocketAddress bound = server.address();
    server
        .healthAddress()
        .ifPresent(
            health ->
                log.info(
                    "health port on {}:{}",
                    health.getAddress().getHostAddress(),
                    health.getPort()));
    log.info(
        "jmanager {} ready on {}:{} ({}{})",
        VERSION,
        bound.getAddress().getHostAddress(),
        bound.getPort(),
        Transport.name(),
        tls == null ? "" : config.tlsClientCa().isPresent() ? ", mutual TLS" : ", TLS");
    return server;
  }

  /** The bound address, with the real port when 0 was asked for. */
  public InetSocketAddress address() {
    InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
    return new InetSocketAddress(bound.getAddress(), bound.getPort());
  }

  /** The bound health port's address, if {@link ServerConfig.Builder#healthPort} opened one. */
  public Optional<InetSocketAddress> healthAddress() {
    return Optional.ofNullable(healthChannel)
        .map(channel -> (InetSocketAddress) channel.localAddress());
  }

  /** The bound port. */
  public int port() {
    return address().getPort();
  }

  /** This server's version. */
  public static String version() {
    return VERSION;
  }

  /**
   * Stops accepting, fails every parked call with SHUTTING_DOWN (in memory; a durable server keeps
   * them for its clients to resume their sessions), tells each client goodbye after the answers to
   * everything it already sent, and closes; the health port answers {@code stopping} meanwhile and
   * closes last. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    serverChannel.close().syncUninterruptibly();
    if (durable == null) {
      memory.registry().closeAll(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
    } else {
      // first, so that the closing connections log nothing: their sessions, parked calls and all,
      // wait for their clients to resume them once the server is back (or at the next leader)
      closeQuietly(durable);
    }
    for (Channel channel : channels) {
      channel
          .writeAndFlush(new Message.Goodbye("the server is shutting down"))
          .addListener(ChannelFutureListener.CLOSE);
    }
    channels.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    if (healthChannel != null) {
      healthChannel.close().syncUninterruptibly();
    }
    shutdownLoops();
    log.info("jmanager stopped");
    stopped.countDown();
  }

  /** Waits until the server has stopped, by {@link #close()} or an admin's shutdown. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  private void shutdownLoops() {
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static void requireKeyOffLoopback(ServerConfig config) {
    if (config.authkey().length > 0) {
      return;
    }
    try {
      if (!InetAddress.getByName(config.host()).isLoopbackAddress()) {
        throw new IllegalArgumentException(
            "refusing to listen on "
                + config.host()
                + " without an authkey: set --authkey-file or JMANAGER_AUTHKEY");
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host " + config.host(), e);
    }
  }

  private static DefaultThreadFactory threads(String name) {
    return new DefaultThreadFactory(name, true);
  }

  private static String readVersion() {
    try (InputStream in = ManagerServer.class.getResourceAsStream("version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
