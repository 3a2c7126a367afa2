package io.jmanager.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A soak client's record of its operations, one line each time something becomes known, written
 * straight to the file with one system call per line and no buffer in this process: once a line is
 * written it is in the kernel's page cache, where a SIGKILL of this JVM cannot lose it. Times are
 * {@link System#nanoTime()}, which on Linux is {@code CLOCK_MONOTONIC} and so comparable between
 * processes of one host.
 *
 * <pre>
 * S time pid                  the client started
 * B seq time op arg...        operation seq is about to be called (time is taken before the line)
 * A seq time                  the lock of operation seq is held
 * W seq time                  the write of operation seq, made under the lock, is acknowledged
 * E seq time result           operation seq returned result ("null" for none)
 * X time                      the client stopped cleanly
 * </pre>
 *
 * <p>An operation with a B line and no E line is in doubt: the client died between calling it and
 * writing down its answer, so it may or may not have taken effect.
 */
final class Journal implements AutoCloseable {
  private final OutputStream out;
  private long seq;

  private Journal(OutputStream out) {
    this.out = out;
  }

  /** Creates the journal file, which must not exist yet. */
  static Journal create(Path file) throws IOException {
    return new Journal(
        Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
  }

  void started() throws IOException {
    line("S " + System.nanoTime() + " " + ProcessHandle.current().pid());
  }

  /** Writes that an operation is about to be called and returns its number. */
  long begin(String op, Object... args) throws IOException {
    long time = System.nanoTime();
    StringBuilder line = new StringBuilder("B ").append(++seq).append(' ').append(time);
    line.append(' ').append(op);
    for (Object arg : args) {
      line.append(' ').append(arg);
    }
    line(line.toString());
    return seq;
  }

  void acquired(long op) throws IOException {
    line("A " + op + " " + System.nanoTime());
  }

  void wrote(long op) throws IOException {
    line("W " + op + " " + System.nanoTime());
  }

  /** Writes that operation {@code op} returned {@code result}; the time is taken first. */
  void end(long op, Object result) throws IOException {
    line("E " + op + " " + System.nanoTime() + " " + result);
  }

  void stopped() throws IOException {
    line("X " + System.nanoTime());
  }

  private void line(String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
