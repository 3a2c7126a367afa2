package io.jmanager.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ProtocolKryo;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The frames a connection has yet to write, and the writing of them. Each calling thread encodes
 * its own message with a Kryo borrowed from a pool and queues the frame; whichever thread holds the
 * write lock writes every queued frame, gathered into as few system calls as its buffer allows, so
 * concurrent callers share writes and none waits for another to write. The write buffer belongs to
 * the holder of the write lock.
 */
final class Outbox {
  /** Past this many bytes in one write batch, a reader is started so replies cannot back up. */
  private static final int UNREAD_WRITE_BYTES = 64 * 1024;

  private static final int BUFFER_BYTES = 64 * 1024;

  private final OutputStream out;
  private final int maxRequestBytes;
  private final String address;
  private final Runnable startReader;
  private final Consumer<IOException> failed;
  private final Pool<Encoder> encoders =
      new Pool<>(true, false) {
        @Override
        protected Encoder create() {
          return new Encoder(ProtocolKryo.create(), Frames.newOutput());
        }
      };

  private final Queue<byte[]> frames = new ConcurrentLinkedQueue<>();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private volatile boolean closed;

  /**
   * Writes to {@code out} requests of at most {@code maxRequestBytes}, the frame limit of the
   * server at {@code address}; runs {@code startReader} before a batch large enough to fill the
   * socket, and gives {@code failed} a write's failure.
   */
  Outbox(
      OutputStream out,
      int maxRequestBytes,
      String address,
      Runnable startReader,
      Consumer<IOException> failed) {
    this.out = out;
    this.maxRequestBytes = maxRequestBytes;
    this.address = address;
    this.startReader = startReader;
    this.failed = failed;
  }

  /**
   * Encodes the message on the calling thread and queues its frame; then, unless another thread is
   * writing already (and will write this frame too), writes every queued frame. A request larger
   * than the server's frame limit is refused here with {@link IllegalArgumentException}, and
   * nothing is sent: the server would close the connection every thread of this manager shares.
   */
  void enqueue(Message message) {
    Encoder encoder = encoders.obtain();
    try {
      int length = Frames.frame(encoder.kryo(), encoder.output(), message);
      if (length - Integer.BYTES > maxRequestBytes) {
        throw tooLarge(message, length - Integer.BYTES);
      }
      frames.add(Arrays.copyOf(encoder.output().getBuffer(), length));
    } finally {
      Frames.trim(encoder.output());
      encoders.free(encoder);
    }
    while (!frames.isEmpty() && writeLock.tryLock()) {
      try {
        writeQueued();
      } catch (IOException e) {
        failed.accept(e);
      } finally {
        writeLock.unlock();
      }
    }
  }

  /** Writes nothing more: frames queued and not yet written, or queued from now on, are dropped. */
  void close() {
    closed = true;
  }

  /** Writes the queued frames, gathered into as few system calls as the buffer allows. */
  private void writeQueued() throws IOException {
    int buffered = 0;
    long written = 0;
    byte[] frame;
    while ((frame = frames.poll()) != null) {
      if (closed) {
        frames.clear();
        return;
      }
      if (buffered + frame.length > buffer.length) {
        written += write(buffer, buffered, written);
        buffered = 0;
      }
      if (frame.length > buffer.length) {
        written += write(frame, frame.length, written);
      } else {
        System.arraycopy(frame, 0, buffer, buffered, frame.length);
        buffered += frame.length;
      }
    }
    write(buffer, buffered, written);
  }

  /**
   * Writes {@code length} bytes. A large batch can fill the socket while the server waits to send
   * its answers, so past {@link #UNREAD_WRITE_BYTES} a reader is started first.
   */
  private int write(byte[] bytes, int length, long writtenBefore) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (writtenBefore + length > UNREAD_WRITE_BYTES) {
      startReader.run();
    }
    out.write(bytes, 0, length);
    return length;
  }

  private IllegalArgumentException tooLarge(Message message, int bytes) {
    String what =
        message instanceof Message.Request request
            ? request.op().toString()
            : message.getClass().getSimpleName();
    return new IllegalArgumentException(
        "the request "
            + what
            + " is "
            + bytes
            + " bytes, over the limit of "
            + maxRequestBytes
            + " bytes of server "
            + address
            + "; nothing was sent");
  }

  /** A Kryo and its output buffer, borrowed by one calling thread at a time. */
  private record Encoder(Kryo kryo, Output output) {}
}
