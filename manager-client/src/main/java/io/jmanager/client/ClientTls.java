package io.jmanager.client;

import io.jmanager.protocol.Tls;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client's TLS settings, read from PEM files: the CAs it trusts (a file's, or the JVM's default
 * trust store) and, for mutual TLS, the certificate it presents. The server's certificate must name
 * the host the client connects to, as HTTPS checks it.
 */
final class ClientTls {
  /** Guards the in-memory key store; it never touches a disk. */
  private static final char[] STORE_PASSWORD = "jmanager".toCharArray();

  private final Path ca;
  private final Path certificate;
  private final Path key;
  private final SSLSocketFactory sockets;

  /**
   * Reads the files: {@code ca} null trusts the JVM's default trust store, {@code certificate} and
   * {@code key} null present no certificate. Throws {@link IllegalArgumentException} naming a file
   * that cannot be read or does not hold what it should.
   */
  ClientTls(Path ca, Path certificate, Path key) {
    this.ca = ca == null ? null : ca.toAbsolutePath();
    this.certificate = certificate == null ? null : certificate.toAbsolutePath();
    this.key = key == null ? null : key.toAbsolutePath();
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(), trustManagers().getTrustManagers(), null);
      this.sockets = context.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot set TLS up: " + e.getMessage(), e);
    }
  }

  private TrustManagerFactory trustManagers() throws GeneralSecurityException, IOException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (ca == null) {
      factory.init((KeyStore) null);
      return factory;
    }
    KeyStore store = emptyStore();
    List<X509Certificate> authorities = Tls.certificates(ca, "TLS CA file");
    for (int i = 0; i < authorities.size(); i++) {
      store.setCertificateEntry("ca-" + i, authorities.get(i));
    }
    factory.init(store);
    return factory;
  }

  private KeyManager[] keyManagers() throws GeneralSecurityException, IOException {
    if (certificate == null) {
      return null;
    }
    Tls.Identity identity = Tls.identity(certificate, key);
    KeyStore store = emptyStore();
    store.setKeyEntry("client", identity.key(), STORE_PASSWORD, identity.chainArray());
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, STORE_PASSWORD);
    return factory.getKeyManagers();
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  /**
   * Runs the TLS handshake over {@code socket}, connected to {@code host}, each read waiting at
   * most {@code timeoutMillis}; returns the TLS socket, which closes {@code socket} when closed.
   */
  SSLSocket open(Socket socket, String host, int port, int timeoutMillis) throws IOException {
    SSLSocket tls = (SSLSocket) sockets.createSocket(socket, host, port, true);
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setProtocols(Tls.PROTOCOLS.toArray(new String[0]));
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    tls.setSSLParameters(parameters);
    tls.setSoTimeout(timeoutMillis);
    tls.startHandshake();
    return tls;
  }

  /** The JDK's reason for a failed TLS handshake, with what it most likely means here. */
  static String reason(SSLException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertPathBuilderException) {
        return "the server's certificate is signed by no CA this client trusts";
      }
    }
    String message = String.valueOf(failure.getMessage());
    if (message.contains("unrecognized SSL message")) {
      return message + " (the server does not seem to use TLS)";
    }
    if (message.contains("bad_certificate") || message.contains("certificate_required")) {
      return message
          + " (the server requires a client certificate signed by a CA it trusts: mutual TLS)";
    }
    return message;
  }

  /**
   * Makes a child's environment carry {@code tls} (null: TLS off) as {@link
   * Manager.Builder#fromEnvironment} reads it, replacing what the child would inherit.
   */
  static void environment(ClientTls tls, Map<String, String> environment) {
    List.of(Manager.TLS_ENV, Manager.TLS_CA_ENV, Manager.TLS_CERT_ENV, Manager.TLS_KEY_ENV)
        .forEach(environment::remove);
    if (tls == null) {
      return;
    }
    environment.put(Manager.TLS_ENV, "true");
    if (tls.ca != null) {
      environment.put(Manager.TLS_CA_ENV, tls.ca.toString());
    }
    if (tls.certificate != null) {
      environment.put(Manager.TLS_CERT_ENV, tls.certificate.toString());
      environment.put(Manager.TLS_KEY_ENV, tls.key.toString());
    }
  }
}
