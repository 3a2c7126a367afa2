package io.jmanager.benchmarks;

import io.jmanager.client.Manager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One daemon in its own JVM: in memory, as by default, or durable, with {@code --data-dir} in a
 * fresh temporary directory that is deleted once the daemon has stopped.
 */
final class SingleServer implements Deployment {
  private final Daemon daemon;
  private final ScratchDir dataDir;

  private SingleServer(Daemon daemon, ScratchDir dataDir) {
    this.daemon = daemon;
    this.dataDir = dataDir;
  }

  /** Starts a daemon that keeps its objects in memory only. */
  static SingleServer inMemory(Path jar) throws IOException, InterruptedException {
    return new SingleServer(Daemon.start(jar, List.of(), List.of()), null);
  }

  /** Starts a daemon that writes every input to its Raft log in a new directory first. */
  static SingleServer durable(Path jar) throws IOException, InterruptedException {
    ScratchDir dir = ScratchDir.create("jmanager-durable-");
    try {
      return new SingleServer(
          Daemon.start(jar, List.of(), List.of("--data-dir", dir.path().toString())), dir);
    } catch (IOException | InterruptedException | RuntimeException e) {
      dir.close();
      throw e;
    }
  }

  @Override
  public String description() {
    return dataDir == null
        ? "this build's daemon in its own JVM, in memory"
        : "the same daemon with --data-dir in a fresh temporary directory: every write in its"
            + " Raft log on disk (Apache Ratis, one member, fsync) before it is applied and"
            + " answered; reads answered from the applied state";
  }

  @Override
  public Manager connect() {
    return Manager.connect("127.0.0.1", daemon.port(), new byte[0]);
  }

  /** The daemon, for memory and thread measurements. */
  Daemon daemon() {
    return daemon;
  }

  @Override
  public void close() throws InterruptedException, IOException {
    try {
      daemon.close();
    } finally {
      if (dataDir != null) {
        dataDir.close();
      }
    }
  }
}
