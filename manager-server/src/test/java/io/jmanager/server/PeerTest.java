package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerTest {
  @Test
  void aList_givesEachMemberItsRaftAndClientAddress_theClientPortDefaultingToOurs() {
    List<Peer> peers = Peer.parseList("n1=10.0.0.1:9861, n2=db-2:9861:6000,n3=[::1]:9862", 50000);

    assertThat(peers)
        .containsExactly(
            new Peer("n1", "10.0.0.1", 9861, 50000),
            new Peer("n2", "db-2", 9861, 6000),
            new Peer("n3", "::1", 9862, 50000));
    assertThat(peers.get(2).raftAddress()).isEqualTo("[::1]:9862");
    assertThat(peers.get(1).clientAddress()).isEqualTo("db-2:6000");
  }

  @Test
  void badEntries_areRefusedNamingTheEntry() {
    assertThatThrownBy(() -> Peer.parseList("n1=h:1,h:2", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'h:2'")
        .hasMessageContaining("id=");
    assertThatThrownBy(() -> Peer.parseList("n1=h", 1)).hasMessageContaining("host:raftport");
    assertThatThrownBy(() -> Peer.parseList("n1=h:0", 1)).hasMessageContaining("1 to 65535");
    assertThatThrownBy(() -> Peer.parseList("n1=h:x", 1)).hasMessageContaining("'x' is not a port");
    assertThatThrownBy(() -> Peer.parseList("n1=h:1:2:3", 1)).hasMessageContaining("clientport");
    assertThatThrownBy(() -> Peer.parseList("n1=::1:5", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Peer.parseList("n 1=h:1", 1)).hasMessageContaining("an id is");
    assertThatThrownBy(() -> Peer.parseList("n1=h:1,", 1)).hasMessageContaining("bad peer ''");
  }

  @Test
  void anIdOrAddressGivenTwice_isRefused() {
    assertThatThrownBy(() -> Peer.parseList("n1=a:1,n1=b:1", 1)).hasMessageContaining("id n1");
    assertThatThrownBy(() -> Peer.parseList("n1=a:1,n2=a:1", 1)).hasMessageContaining("a:1");
  }

  @Test
  void aClusterMember_needsADataDirectory_andItsIdAmongThePeers() {
    assertThatThrownBy(() -> ServerConfig.builder().cluster("n1", "n1=a:1").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("data directory");
    assertThatThrownBy(
            () ->
                ServerConfig.builder()
                    .dataDir(java.nio.file.Path.of("data"))
                    .cluster("n4", "n1=a:1,n2=b:1")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n4 is not among the peers");
  }
}
