package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS in each of its modes, against a real server: server certificate only, mutual TLS, plaintext
 * clients refused, certificates refused, limits, bad files, and child JVMs that take their TLS
 * settings from their environment.
 */
class TlsIT {
  private static final byte[] KEY = ServerExtension.KEY;
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final List<AutoCloseable> opened = new ArrayList<>();
  private TestCertificates certificates;
  private TestCertificates.Ca ca;
  private TestCertificates.Pair serverPair;

  @BeforeEach
  void makeCertificates(@TempDir Path folder) {
    certificates = new TestCertificates(folder);
    ca = certificates.ca("ca");
    serverPair = ca.server("server", "127.0.0.1", "localhost");
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private ManagerServer start(UnaryOperator<ServerConfig.Builder> settings) {
    ManagerServer server =
        ManagerServer.start(settings.apply(ServerConfig.builder().port(0).authkey(KEY)).build());
    opened.add(server);
    return server;
  }

  private ManagerServer startTls() {
    return start(b -> b.tls(serverPair.certificate(), serverPair.key()));
  }

  private ManagerServer startMutualTls() {
    return start(b -> b.tls(serverPair.certificate(), serverPair.key()).tlsClientCa(ca.pem()));
  }

  private Manager connect(ManagerServer server, UnaryOperator<Manager.Builder> settings) {
    return connect("127.0.0.1", server, settings);
  }

  private Manager connect(
      String host, ManagerServer server, UnaryOperator<Manager.Builder> settings) {
    Manager manager =
        settings.apply(Manager.builder().address(host, server.port()).authkey(KEY)).connect();
    opened.add(manager);
    return manager;
  }

  private Manager connectTrustingCa(ManagerServer server) {
    return connect(server, b -> b.tls(ca.pem()));
  }

  private Manager connectWithCertificate(ManagerServer server, TestCertificates.Pair client) {
    return connect(
        server, b -> b.tls(ca.pem()).tlsClientCertificate(client.certificate(), client.key()));
  }

  @Test
  void serverTls_carriesCalls_andAParkedTakeIsReleasedByAnotherTlsClient() throws Exception {
    ManagerServer server = startTls();
    Manager first = connectTrustingCa(server);
    Manager second = connectTrustingCa(server);
    SharedDict<String, String> dict = first.dict("over-tls");
    dict.put("small", "value");
    dict.put("large", "x".repeat(1 << 20));
    List<CompletableFuture<String>> pipelined =
        IntStream.range(0, 1000)
            .mapToObj(i -> first.<String, String>dict("over-tls").async().put("k" + i, "v" + i))
            .collect(Collectors.toList());
    for (CompletableFuture<String> put : pipelined) {
      put.get(20, TimeUnit.SECONDS);
    }

    SharedDict<String, String> seen = second.dict("over-tls");
    assertThat(seen.get("small")).isEqualTo("value");
    assertThat(seen.get("large")).hasSize(1 << 20);
    assertThat(seen).hasSize(1002);

    SharedQueue<String> queue = first.queue("tls-queue");
    CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> take(queue));
    await().atMost(WAIT).until(() -> queue.waitingConsumers() == 1);
    second.<String>queue("tls-queue").put("released");
    assertThat(taken.get(20, TimeUnit.SECONDS)).isEqualTo("released");
  }

  @Test
  void theServerSpeaksTls13_andTls12_andSendsHelloOnceTlsIsUp() throws Exception {
    ManagerServer server = startTls();

    assertThat(helloOver(server, "TLSv1.3")).isEqualTo("JMGR");
    assertThat(helloOver(server, "TLSv1.2")).isEqualTo("JMGR");
  }

  /** Opens TLS with only {@code protocol} enabled and returns the magic of the server's HELLO. */
  private String helloOver(ManagerServer server, String protocol) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    try (var in = Files.newInputStream(ca.pem())) {
      trusted.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      socket.setEnabledProtocols(new String[] {protocol});
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] hello = new byte[in.readInt()];
      in.readFully(hello);
      assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
      return new String(Arrays.copyOf(hello, 4), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void closingAManager_failsItsCallParkedOverTls_promptly() throws Exception {
    ManagerServer server = startTls();
    Manager manager = connectTrustingCa(server);
    SharedQueue<String> queue = manager.queue("parked-then-closed");
    CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> take(queue));
    await().atMost(WAIT).until(() -> queue.waitingConsumers() == 1);
    long start = System.nanoTime();

    manager.close();

    assertThatThrownBy(() -> taken.get(20, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ManagerException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(connectTrustingCa(server).queue("parked-then-closed").waitingConsumers()).isZero();
  }

  @Test
  void aClientTrustingAnotherCa_isRefused_andTheServerKeepsServing() {
    ManagerServer server = startTls();
    Path otherCa = certificates.ca("other-ca").pem();

    assertThatThrownBy(() -> connect(server, b -> b.tls(otherCa)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage(
            "TLS handshake with 127.0.0.1:"
                + server.port()
                + " failed: the server's certificate is signed by no CA this client trusts");
    assertThat(connectTrustingCa(server).names()).isEmpty();
  }

  @Test
  void aClientTrustingTheJvmDefaults_refusesACertificateFromAPrivateCa() {
    ManagerServer server = startTls();

    assertThatThrownBy(() -> connect(server, Manager.Builder::tls))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("signed by no CA this client trusts");
  }

  @Test
  void aCertificateForAnotherHost_isRefused_whileItsOwnNameIsAccepted() {
    serverPair = ca.server("elsewhere", "localhost");
    ManagerServer server = startTls();

    assertThatThrownBy(() -> connectTrustingCa(server))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
    assertThat(connect("localhost", server, b -> b.tls(ca.pem())).names()).isEmpty();
  }

  @Test
  void mutualTls_admitsAClientWhoseCertificateTheClientCaSigned() {
    ManagerServer server = startMutualTls();

    Manager manager = connectWithCertificate(server, ca.client("client"));

    manager.<String, Integer>dict("mutual").put("answer", 42);
    assertThat(manager.<String, Integer>dict("mutual")).containsEntry("answer", 42);
  }

  @Test
  void mutualTls_refusesAClientWithoutCertificate_andKeepsServing() {
    ManagerServer server = startMutualTls();

    assertThatThrownBy(() -> connectTrustingCa(server))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("TLS handshake with 127.0.0.1:" + server.port() + " failed")
        .hasMessageContaining("mutual TLS");
    assertThat(connectWithCertificate(server, ca.client("client")).names()).isEmpty();
  }

  @Test
  void mutualTls_refusesAClientWhoseCertificateAnotherCaSigned() {
    ManagerServer server = startMutualTls();
    TestCertificates.Pair stranger = certificates.ca("other-ca").client("stranger");

    assertThatThrownBy(() -> connectWithCertificate(server, stranger))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("TLS handshake with 127.0.0.1:" + server.port() + " failed")
        .hasMessageContaining("mutual TLS");
  }

  @Test
  void rsaKeys_serveAsWellAsEcKeys() {
    serverPair = ca.rsaServer("rsa-server", "127.0.0.1");
    ManagerServer server = startMutualTls();

    Manager manager = connectWithCertificate(server, ca.rsaClient("rsa-client"));

    assertThat(manager.<String>list("rsa").add("works")).isTrue();
  }

  @Test
  void aPlaintextClient_ofATlsServer_isToldTlsIsRequired_andTlsClientsAreStillServed() {
    ManagerServer server =
        start(b -> b.tls(serverPair.certificate(), serverPair.key()).handshakeTimeout(sec(1)));
    long start = System.nanoTime();

    assertThatThrownBy(() -> connect(server, b -> b.connectTimeout(sec(20))))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("refused the connection")
        .hasMessageContaining("this server requires TLS");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(sec(10));
    assertThat(connectTrustingCa(server).names()).isEmpty();
  }

  @Test
  void aPlaintextClient_thatGivesUpFirst_saysTheServerMayRequireTls() {
    ManagerServer server = startTls();

    assertThatThrownBy(() -> connect(server, b -> b.connectTimeout(Duration.ofMillis(500))))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("no handshake from 127.0.0.1:" + server.port())
        .hasMessageContaining("if the server requires TLS");
  }

  @Test
  void aTlsClient_ofAPlaintextServer_failsPromptly_andTheServerKeepsServing() {
    ManagerServer server = start(b -> b);
    long start = System.nanoTime();

    assertThatThrownBy(() -> connectTrustingCa(server))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("TLS handshake with 127.0.0.1:" + server.port() + " failed")
        .hasMessageContaining("the server does not seem to use TLS");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(sec(5));
    assertThat(connect(server, b -> b).names()).isEmpty();
  }

  @Test
  void aConnectionOverTheLimit_isToldBusy_overTls() {
    ManagerServer server =
        start(b -> b.tls(serverPair.certificate(), serverPair.key()).maxConnections(1));
    Manager first = connectTrustingCa(server);

    assertThatThrownBy(() -> connectTrustingCa(server))
        .isInstanceOf(ServerBusyException.class)
        .hasMessageContaining("too many connections (limit 1)");
    assertThat(first.names()).isEmpty();
  }

  @Test
  void failedTlsHandshakes_countAgainstTheAddress_asWrongKeysDo() {
    ManagerServer server =
        start(
            b ->
                b.tls(serverPair.certificate(), serverPair.key())
                    .tlsClientCa(ca.pem())
                    .maxFailedHandshakes(2));
    TestCertificates.Pair client = ca.client("client");
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> connectTrustingCa(server))
          .isInstanceOf(AuthenticationException.class);
    }

    // the server counts a failure just after sending its alert, so the client may be quicker
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> connectWithCertificate(server, client))
                    .isInstanceOf(ServerBusyException.class)
                    .hasMessageContaining("too many failed handshakes from 127.0.0.1"));
  }

  @Test
  void serverStart_namesAMissingFile() {
    Path missing = serverPair.key().resolveSibling("missing.pem");

    assertThatThrownBy(() -> start(b -> b.tls(missing, serverPair.key())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot read TLS certificate file " + missing + ": no such file");
  }

  @Test
  void serverStart_saysHowToConvertAKeyInOpenSslsTraditionalForm() throws Exception {
    Path traditional = serverPair.key().resolveSibling("traditional.key");
    Files.writeString(
        traditional, Files.readString(serverPair.key()).replace("PRIVATE KEY", "EC PRIVATE KEY"));

    assertThatThrownBy(() -> start(b -> b.tls(serverPair.certificate(), traditional)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TLS key file " + traditional + " holds no PKCS#8 key")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void serverStart_refusesAKeyThatIsNotTheCertificates() {
    Path otherKey = ca.server("other-server", "127.0.0.1").key();

    assertThatThrownBy(() -> start(b -> b.tls(serverPair.certificate(), otherKey)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not belong to the first certificate");
  }

  @Test
  void serverConfig_refusesAClientCaWithoutTls() {
    assertThatThrownBy(() -> ServerConfig.builder().tlsClientCa(ca.pem()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mutual TLS needs TLS");
  }

  @Test
  void client_refusesAClientCertificateWithoutTls_andNamesAMissingCaFile() {
    ManagerServer server = startTls();
    TestCertificates.Pair client = ca.client("client");
    Path missing = ca.pem().resolveSibling("missing-ca.pem");

    assertThatThrownBy(
            () -> connect(server, b -> b.tlsClientCertificate(client.certificate(), client.key())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a client certificate needs TLS");
    assertThatThrownBy(() -> connect(server, b -> b.tls(missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot read TLS CA file " + missing + ": no such file");
  }

  @Test
  void aChildJvm_connectsOverMutualTls_withTheFilesNamedInItsEnvironment() throws Exception {
    ManagerServer server = startMutualTls();
    Manager manager = connectWithCertificate(server, ca.client("parent"));

    JvmProcess child =
        JvmProcess.builder(Children.Put.class)
            .manager(manager)
            .jvmOptions(Children.FAST_START)
            .args("from-child", "over mutual TLS")
            .start();

    assertThat(child.join(Duration.ofSeconds(60))).isTrue();
    assertThat(child.exitCode()).hasValue(0);
    assertThat(manager.<String>queue("from-child").poll()).isEqualTo("over mutual TLS");
  }

  @Test
  void poolWorkers_runTasksOverMutualTls() throws Exception {
    ManagerServer server = startMutualTls();
    Manager manager = connectWithCertificate(server, ca.client("pool-owner"));

    try (Pool pool =
        manager.pool("tls-pool", Pool.options().processes(1).jvmOptions(Children.FAST_START))) {
      assertThat(pool.map(x -> x * x, List.of(1, 2, 3))).isEqualTo(List.of(1, 4, 9));
    }
  }

  private static String take(SharedQueue<String> queue) {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Duration sec(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
