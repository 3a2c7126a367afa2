package io.jmanager.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * Apache Ratis, set up as jmanager's durable server sets it up: one member, its log synced before
 * an entry is applied, entries handed to the member on the caller's thread.
 */
public final class Ratis {
  private Ratis() {}

  public static void main(String[] args) throws Exception {
    Commits.Arguments arguments = Commits.Arguments.of(args);
    RaftPeerId self = RaftPeerId.valueOf("n1");
    RaftGroup group =
        RaftGroup.valueOf(
            RaftGroupId.randomId(),
            RaftPeer.newBuilder().setId(self).setAddress("127.0.0.1:" + freePort()).build());
    RaftServer server =
        RaftServer.newBuilder()
            .setServerId(self)
            .setGroup(group)
            .setProperties(properties(group, arguments))
            .setStateMachine(new Applier())
            .setOption(RaftStorage.StartupOption.FORMAT)
            .build();
    server.start();
    RaftServer.Division member = server.getDivision(group.getGroupId());
    while (!member.getInfo().isLeader()) {
      Thread.sleep(50);
    }
    ClientId client = ClientId.randomId();
    AtomicLong calls = new AtomicLong();
    RaftClientAsynchronousProtocol direct = (RaftClientAsynchronousProtocol) member;
    Commits.measure(
        "ratis",
        arguments,
        entry -> {
          try {
            return direct.submitClientRequestAsync(
                RaftClientRequest.newBuilder()
                    .setClientId(client)
                    .setServerId(self)
                    .setGroupId(group.getGroupId())
                    .setCallId(calls.incrementAndGet())
                    .setMessage(Message.valueOf(ByteString.copyFrom(entry)))
                    .setType(RaftClientRequest.writeRequestType())
                    .build());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    server.close();

    // threads of the engine's own may outlive its shutdown
    System.exit(0);
  }

  private static RaftProperties properties(RaftGroup group, Commits.Arguments arguments)
      throws IOException {
    RaftProperties properties = new RaftProperties();
    RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
    String address = group.getPeers().iterator().next().getAddress();
    GrpcConfigKeys.Server.setPort(
        properties, Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
    RaftServerConfigKeys.setStorageDir(
        properties, List.of(Files.createTempDirectory(arguments.directory(), "ratis").toFile()));
    RaftServerConfigKeys.Log.setLogMetadataEnabled(properties, false);
    return properties;
  }

  /** Applies nothing but the entry's position. */
  private static final class Applier extends BaseStateMachine {
    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
      updateLastAppliedTermIndex(
          transaction.getLogEntry().getTerm(), transaction.getLogEntry().getIndex());
      return CompletableFuture.completedFuture(Message.EMPTY);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
