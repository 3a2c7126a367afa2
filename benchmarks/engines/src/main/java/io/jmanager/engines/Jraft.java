package io.jmanager.engines;

import com.alipay.sofa.jraft.Iterator;
import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.core.StateMachineAdapter;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.Task;
import com.alipay.sofa.jraft.option.NodeOptions;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SOFAJRaft with its defaults: one member, its log in RocksDB with every write synced, each entry
 * applied by the state machine's thread.
 */
public final class Jraft {
  private Jraft() {}

  public static void main(String[] args) throws Exception {
    Commits.Arguments arguments = Commits.Arguments.of(args);
    Path directory = Files.createTempDirectory(arguments.directory(), "jraft");
    PeerId self = new PeerId("127.0.0.1", Ratis.freePort());
    NodeOptions options = new NodeOptions();
    options.setElectionTimeoutMs(1000);
    options.setDisableCli(true);
    options.setLogUri(directory.resolve("log").toString());
    options.setRaftMetaUri(directory.resolve("meta").toString());
    options.setSnapshotUri(directory.resolve("snapshot").toString());
    options.setFsm(new Applier());
    options.setInitialConf(new Configuration(List.of(self)));
    RaftGroupService group = new RaftGroupService("engines", self, options);
    Node member = group.start();
    while (!member.isLeader()) {
      Thread.sleep(50);
    }
    Commits.measure(
        "jraft",
        arguments,
        entry -> {
          CompletableFuture<Void> applied = new CompletableFuture<>();
          member.apply(
              new Task(
                  ByteBuffer.wrap(entry),
                  status -> {
                    if (status.isOk()) {
                      applied.complete(null);
                    } else {
                      applied.completeExceptionally(new IllegalStateException(status.toString()));
                    }
                  }));
          return applied;
        });
    group.shutdown();

    // threads of the engine's own may outlive its shutdown
    System.exit(0);
  }

  /** Applies nothing; answers each entry's caller. */
  private static final class Applier extends StateMachineAdapter {
    @Override
    public void onApply(Iterator entries) {
      while (entries.hasNext()) {
        if (entries.done() != null) {
          entries.done().run(Status.OK());
        }
        entries.next();
      }
    }
  }
}
