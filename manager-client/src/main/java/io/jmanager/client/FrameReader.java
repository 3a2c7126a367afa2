package io.jmanager.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ProtocolKryo;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * Turns what a server sends into messages: reads its socket into a buffer and hands every whole
 * frame, decoded, to its connection.
 *
 * <p>Confined to the thread that holds its connection's reading role, one at a time: every field
 * belongs to that thread, and handing the role on (a compare-and-set) publishes them to the next.
 */
final class FrameReader {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final Consumer<Message> dispatch;
  private final Kryo kryo = ProtocolKryo.create();
  private final Input input = new Input();
  private byte[] buffer = new byte[BUFFER_BYTES];
  private int start;
  private int end;
  private int soTimeoutMillis = -1;

  /** Reads {@code in}, the stream of {@code socket}, and gives each message to {@code dispatch}. */
  FrameReader(Socket socket, InputStream in, Consumer<Message> dispatch) {
    this.socket = socket;
    this.in = in;
    this.dispatch = dispatch;
  }

  /**
   * Reads once, waiting up to {@code timeoutMillis} (0: without limit), and dispatches every whole
   * frame read so far. Throws {@link java.net.SocketTimeoutException} when nothing came in time,
   * {@link EOFException} when the server closed the connection.
   */
  void readOnce(int timeoutMillis) throws IOException {
    if (timeoutMillis != soTimeoutMillis) {
      socket.setSoTimeout(timeoutMillis);
      soTimeoutMillis = timeoutMillis;
    }
    int n = in.read(buffer, end, buffer.length - end);
    if (n < 0) {
      throw new EOFException("the server closed the connection");
    }
    end += n;
    dispatchFrames();
  }

  /** Dispatches every whole frame in the buffer and makes room for the next one. */
  private void dispatchFrames() throws IOException {
    while (true) {
      int available = end - start;
      if (available < Integer.BYTES) {
        makeRoom(Integer.BYTES);
        return;
      }
      int length = bigEndianInt(buffer, start);
      if (length < 0 || length > Frames.MAX_REPLY_BYTES) {
        throw new IOException(
            "the server sent a frame of "
                + Integer.toUnsignedString(length)
                + " bytes, over the limit of "
                + Frames.MAX_REPLY_BYTES);
      }
      if (available - Integer.BYTES < length) {
        makeRoom(Integer.BYTES + length);
        return;
      }
      Message message = Frames.decode(kryo, input, buffer, start + Integer.BYTES, length);
      start += Integer.BYTES + length;
      dispatch.accept(message);
    }
  }

  private static int bigEndianInt(byte[] bytes, int at) {
    return (bytes[at] & 0xff) << 24
        | (bytes[at + 1] & 0xff) << 16
        | (bytes[at + 2] & 0xff) << 8
        | (bytes[at + 3] & 0xff);
  }

  /** Makes the buffer hold {@code frameBytes} from the start of the unread bytes. */
  private void makeRoom(int frameBytes) {
    int unread = end - start;
    if (unread == 0 && buffer.length > BUFFER_BYTES) {
      buffer = new byte[BUFFER_BYTES];
    } else if (buffer.length - start < frameBytes) {
      byte[] target =
          frameBytes <= buffer.length ? buffer : new byte[Math.max(frameBytes, buffer.length * 2)];
      System.arraycopy(buffer, start, target, 0, unread);
      buffer = target;
    } else if (unread > 0) {
      return;
    }
    start = 0;
    end = unread;
  }
}
