package io.jmanager.server;

import io.jmanager.protocol.Tls;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/** Builds the server's TLS context from the PEM files of a {@link ServerConfig}, once, at start. */
final class ServerTls {
  private ServerTls() {}

  /**
   * Returns the context, or null when TLS is off; throws {@link IllegalArgumentException} naming
   * the file that cannot be read or does not hold what it should.
   */
  static SslContext context(ServerConfig config) {
    if (config.tlsCertificate().isEmpty()) {
      return null;
    }
    Tls.Identity identity =
        Tls.identity(config.tlsCertificate().get(), config.tlsKey().orElseThrow());
    // the JDK's TLS, not OpenSSL: one implementation to test, and no native library to ship
    SslContextBuilder builder =
        SslContextBuilder.forServer(identity.key(), identity.chainArray())
            .sslProvider(SslProvider.JDK)
            .protocols(Tls.PROTOCOLS);
    if (config.tlsClientCa().isPresent()) {
      Path ca = config.tlsClientCa().get();
      builder
          .trustManager(Tls.certificates(ca, "TLS client CA file"))
          .clientAuth(ClientAuth.REQUIRE);
    }
    try {
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot set TLS up: " + e.getMessage(), e);
    }
  }
}
