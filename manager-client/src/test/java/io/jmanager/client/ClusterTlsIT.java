package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster whose members speak mutual TLS to each other ({@code --peer-tls-*}). */
class ClusterTlsIT {
  private Cluster cluster;
  private TestCertificates.Ca ca;

  @TempDir Path folder;

  @BeforeEach
  void startThreeMembersWithPeerTls() throws IOException {
    TestCertificates certificates = new TestCertificates(folder);
    ca = certificates.ca("members-ca");
    List<TestCertificates.Pair> pairs =
        List.of(ca.peer("n1", "127.0.0.1"), ca.peer("n2", "127.0.0.1"), ca.peer("n3", "127.0.0.1"));
    cluster =
        new Cluster(
                folder,
                index ->
                    List.of(
                        "--peer-tls-cert",
                        pairs.get(index).certificate().toString(),
                        "--peer-tls-key",
                        pairs.get(index).key().toString(),
                        "--peer-tls-ca",
                        ca.pem().toString()))
            .start();
  }

  @AfterEach
  void stopEverything() {
    cluster.close();
  }

  @Test
  void membersSpeakingTls_electALeader_andKeepEveryWriteAcrossItsKill() throws Exception {
    try (Manager manager = cluster.connectToLeader()) {
      manager.<String, Integer>dict("d").put("k", 1);
      cluster.member(cluster.memberAt(manager)).kill();
    }
    try (Manager manager = cluster.connectToLeader()) {
      assertThat(manager.<String, Integer>dict("d").get("k")).isEqualTo(1);
    }
  }

  @Test
  void aMembersLogPort_speaksTls_andLetsInOnlyPeersWithACertificateOfTheCa() throws Exception {
    cluster.connectToLeader().close();
    TestCertificates.Pair member = ca.peer("n9", "127.0.0.1");

    try (SSLSocket accepted = handshake(member)) {
      assertThat(accepted.getSession().getPeerPrincipal().getName()).isEqualTo("CN=n1");
    }
    assertThatThrownBy(
            () -> {
              try (SSLSocket refused = handshake(null)) {
                // with TLS 1.3 the member checks the client's certificate after the handshake
                refused.getInputStream().read();
              }
            })
        .isInstanceOf(SSLException.class);
  }

  /** A TLS handshake with member n1's log port, presenting {@code identity} if not null. */
  private SSLSocket handshake(TestCertificates.Pair identity) throws IOException {
    ClientTls tls =
        identity == null
            ? new ClientTls(ca.pem(), null, null)
            : new ClientTls(ca.pem(), identity.certificate(), identity.key());
    int port = cluster.raftPort(0);
    return tls.open(new Socket("127.0.0.1", port), "127.0.0.1", port, 30_000);
  }
}
