package io.jmanager.server;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/** How a {@link ManagerServer} listens and whom it lets in; build one with {@link #builder()}. */
public final class ServerConfig {
  /** Default port, as Python's examples use. */
  public static final int DEFAULT_PORT = 50000;

  /** Default largest frame after authentication: 16 MiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

  private final String host;
  private final int port;
  private final byte[] authkey;
  private final int maxFrameBytes;
  private final Duration handshakeTimeout;

  private ServerConfig(Builder builder) {
    host = builder.host;
    port = builder.port;
    authkey = builder.authkey.clone();
    maxFrameBytes = builder.maxFrameBytes;
    handshakeTimeout = builder.handshakeTimeout;
  }

  /** Returns a builder with the defaults: 127.0.0.1, port 50000, no authkey, 16 MiB frames. */
  public static Builder builder() {
    return new Builder();
  }

  /** The address to bind. */
  public String host() {
    return host;
  }

  /** The port to bind; 0 picks a free one. */
  public int port() {
    return port;
  }

  /** The shared secret clients must prove they hold; empty means none (loopback only). */
  public byte[] authkey() {
    return authkey.clone();
  }

  /** The largest frame accepted from an authenticated client. */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /** How long a new connection may take to authenticate. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** Builds a {@link ServerConfig}; every setter checks its argument at once. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private byte[] authkey = new byte[0];
    private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
    private Duration handshakeTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /** Sets the address to bind, such as 127.0.0.1 or 0.0.0.0. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Sets the port, 0 to 65535; 0 picks a free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
      }
      this.port = port;
      return this;
    }

    /** Sets the authkey; an empty key is only accepted on a loopback address. */
    public Builder authkey(byte[] authkey) {
      this.authkey = Arrays.copyOf(Objects.requireNonNull(authkey, "authkey"), authkey.length);
      return this;
    }

    /** Sets the largest frame accepted after authentication, at least 1 KiB. */
    public Builder maxFrameBytes(int maxFrameBytes) {
      if (maxFrameBytes < 1024) {
        throw new IllegalArgumentException("max frame bytes must be at least 1024");
      }
      this.maxFrameBytes = maxFrameBytes;
      return this;
    }

    /** Sets how long a connection may take to authenticate before it is closed. */
    public Builder handshakeTimeout(Duration handshakeTimeout) {
      if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
        throw new IllegalArgumentException("handshake timeout must be positive");
      }
      this.handshakeTimeout = handshakeTimeout;
      return this;
    }

    /** Returns the configuration. */
    public ServerConfig build() {
      return new ServerConfig(this);
    }
  }
}
