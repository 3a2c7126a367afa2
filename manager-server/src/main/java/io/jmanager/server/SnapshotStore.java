package io.jmanager.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;

/**
 * The durable mode's snapshots: one file per snapshot in the log's state-machine directory, named
 * after the log index it covers, with its MD5 in a file beside it. The MD5 file is written before
 * the snapshot appears under its name, so a snapshot without one was never completed by this server
 * and is refused, as is one whose bytes do not have the MD5 written for them. A damaged snapshot is
 * never passed over for an older one: the log before the newest snapshot may be gone.
 */
final class SnapshotStore {
  private static final String UNFINISHED = ".unfinished";

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();

  /** What Ratis reads the latest snapshot from, to send it to a member that lags behind. */
  StateMachineStorage storage() {
    return storage;
  }

  /** Opens the directory of {@code raftStorage}, removing what an interrupted write left. */
  void init(RaftStorage raftStorage) throws IOException {
    storage.init(raftStorage);
    Files.createDirectories(directory());
    try (DirectoryStream<Path> unfinished =
        Files.newDirectoryStream(directory(), "*" + UNFINISHED)) {
      for (Path file : unfinished) {
        Files.delete(file);
      }
    }
  }

  /** Writes the snapshot of the state the log applied up to {@code applied}. */
  void write(TermIndex applied, Contents contents) throws IOException {
    File target = storage.getSnapshotFile(applied.getTerm(), applied.getIndex());
    Path aside = target.toPath().resolveSibling(target.getName() + UNFINISHED);
    MessageDigest md5 = MD5FileUtil.newMD5();
    try (FileChannel channel =
            FileChannel.open(
                aside,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        DataOutputStream out =
            new DataOutputStream(
                new BufferedOutputStream(
                    new DigestOutputStream(Channels.newOutputStream(channel), md5), 1 << 16))) {
      contents.write(out);
      out.flush();
      channel.force(true);
    }
    MD5Hash digest = MD5Hash.newInstance(md5.digest());
    MD5FileUtil.saveMD5File(target, digest);
    Files.move(aside, target.toPath(), StandardCopyOption.ATOMIC_MOVE);
    syncDirectory();
    storage.updateLatestSnapshot(
        new SingleFileSnapshotInfo(new FileInfo(target.toPath(), digest), applied));
  }

  /**
   * Reads the newest snapshot with {@code reader}, after checking its bytes against its MD5;
   * returns the log position it covers, or null when there is no snapshot.
   *
   * @throws IOException naming the file when it has no MD5, does not match it, or cannot be read
   */
  TermIndex readLatest(Reader reader) throws IOException {
    Found newest = readNewest(directory(), reader);
    if (newest == null) {
      return null;
    }
    storage.updateLatestSnapshot(
        new SingleFileSnapshotInfo(new FileInfo(newest.file(), newest.md5()), newest.at()));
    return newest.at();
  }

  /** A snapshot read: its file, its MD5 and the log position it covers. */
  record Found(Path file, MD5Hash md5, TermIndex at) {}

  /**
   * Reads the newest snapshot in {@code directory} with {@code reader}, after checking its bytes
   * against its MD5; returns null when there is none.
   *
   * @throws IOException naming the file when it has no MD5, does not match it, or cannot be read
   */
  static Found readNewest(Path directory, Reader reader) throws IOException {
    Path newest = null;
    TermIndex newestAt = null;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        Matcher name =
            SimpleStateMachineStorage.SNAPSHOT_REGEX.matcher(file.getFileName().toString());
        if (name.matches()) {
          TermIndex at =
              TermIndex.valueOf(Long.parseLong(name.group(1)), Long.parseLong(name.group(2)));
          if (newestAt == null || at.getIndex() > newestAt.getIndex()) {
            newest = file;
            newestAt = at;
          }
        }
      }
    }
    if (newest == null) {
      return null;
    }
    MD5Hash expected = expectedDigest(newest);
    MD5Hash actual = digest(newest);
    if (!actual.equals(expected)) {
      throw new IOException(
          "the snapshot "
              + newest
              + " is damaged: its bytes have the MD5 "
              + actual
              + ", its .md5 file says "
              + expected
              + "; restore the data directory from a backup");
    }
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(newest), 1 << 16))) {
      reader.read(in);
      if (in.read() != -1) {
        throw new SnapshotFormatException("bytes follow the snapshot's end");
      }
    } catch (SnapshotFormatException e) {
      throw new IOException("the snapshot " + newest + " cannot be read: " + e.getMessage(), e);
    }
    return new Found(newest, expected, newestAt);
  }

  private static MD5Hash expectedDigest(Path snapshot) throws IOException {
    MD5Hash expected;
    try {
      expected = MD5FileUtil.readStoredMd5ForFile(snapshot.toFile());
    } catch (IOException e) {
      throw new IOException("the snapshot " + snapshot + " has an unreadable .md5 file: " + e, e);
    }
    if (expected == null) {
      throw new IOException(
          "the snapshot "
              + snapshot
              + " has no .md5 file, so it cannot be checked; restore the data directory from a"
              + " backup");
    }
    return expected;
  }

  private static MD5Hash digest(Path file) throws IOException {
    MessageDigest md5 = MD5FileUtil.newMD5();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return MD5Hash.newInstance(md5.digest());
  }

  private Path directory() {
    return storage.getSnapshotFile(0, 0).getParentFile().toPath();
  }

  /** Makes the snapshot's new name durable, as its bytes already are. */
  private void syncDirectory() throws IOException {
    try (FileChannel directory = FileChannel.open(directory(), StandardOpenOption.READ)) {
      directory.force(true);
    }
  }

  /** Writes what a snapshot holds. */
  @FunctionalInterface
  interface Contents {
    void write(DataOutputStream out) throws IOException;
  }

  /** Reads what a snapshot holds, all of it. */
  @FunctionalInterface
  interface Reader {
    void read(DataInputStream in) throws IOException;
  }
}
