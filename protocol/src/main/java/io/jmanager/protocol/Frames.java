package io.jmanager.protocol;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Messages as frames and back, for both ends of a connection: a frame is a 4-byte big-endian body
 * length, then the body, one {@link Message} written with a Kryo made by {@link
 * ProtocolKryo#create()}.
 *
 * <pre>
 * +----------------+--------------------------------------------+
 * | length (int32) | body: class id, then the message's fields  |
 * +----------------+--------------------------------------------+
 * </pre>
 *
 * The client encodes on its calling threads and decodes answers straight from its read buffer; the
 * server's codec calls the same functions from its event loops.
 */
public final class Frames {
  /** Largest reply body a client accepts; a server's reply limit may not exceed it. */
  public static final int MAX_REPLY_BYTES = 1 << 30;

  /** Largest encoding buffer kept between frames; one grown past it is replaced by a small one. */
  static final int KEPT_BUFFER_BYTES = 64 * 1024;

  private static final int FIRST_BUFFER_BYTES = 256;

  private Frames() {}

  /** A growable output for {@link #frame}. */
  public static Output newOutput() {
    return new Output(FIRST_BUFFER_BYTES, -1);
  }

  /**
   * An output for {@link #frame} that refuses a body over {@code maxBodyBytes}: writing past it
   * throws {@link com.esotericsoftware.kryo.io.KryoBufferOverflowException}, so that a huge message
   * never costs more than the limit in memory.
   */
  public static Output newOutput(int maxBodyBytes) {
    return new Output(FIRST_BUFFER_BYTES, Integer.BYTES + maxBodyBytes);
  }

  /**
   * Gives back the buffer of {@code output} when one large frame grew it past {@link
   * #KEPT_BUFFER_BYTES}, once that frame has been copied out: otherwise every connection that ever
   * sent one large message would hold a buffer that size for as long as it stays open.
   */
  public static void trim(Output output) {
    if (output.getBuffer().length > KEPT_BUFFER_BYTES) {
      output.setBuffer(new byte[FIRST_BUFFER_BYTES], output.getMaxCapacity());
    }
  }

  /**
   * Writes {@code message} as a whole frame, length prefix included, at the start of {@code
   * output}'s buffer; returns the frame's length.
   */
  public static int frame(Kryo kryo, Output output, Message message) {
    output.reset();
    output.writeInt(0);
    kryo.writeClassAndObject(output, message);
    int length = output.position();
    byte[] bytes = output.getBuffer();
    int body = length - Integer.BYTES;
    bytes[0] = (byte) (body >>> 24);
    bytes[1] = (byte) (body >>> 16);
    bytes[2] = (byte) (body >>> 8);
    bytes[3] = (byte) body;
    return length;
  }

  /**
   * Decodes the frame body at {@code bytes[offset, offset + length)}, reusing {@code input}; any
   * malformed content is a {@link MalformedFrameException}.
   */
  public static Message decode(Kryo kryo, Input input, byte[] bytes, int offset, int length) {
    input.setBuffer(bytes, offset, length);
    try {
      Object value = kryo.readClassAndObject(input);
      if (!(value instanceof Message message)) {
        throw new MalformedFrameException("frame holds no message", null);
      }
      int stray = offset + length - input.position();
      if (stray != 0) {
        throw new MalformedFrameException(stray + " stray bytes after the message", null);
      }
      return message;
    } catch (KryoException | IndexOutOfBoundsException e) {
      throw new MalformedFrameException("malformed message: " + e.getMessage(), e);
    }
  }
}
