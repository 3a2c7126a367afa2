package io.jmanager.protocol;

/**
 * Counts the heap that decoding one message allocates, so that a server can bound it over all its
 * connections: a frame of small items (nulls, empty arrays, short strings) decodes to many times
 * its own size. {@link ProtocolKryo#create(DecodeMeter)} charges it as it reads; a charge that does
 * not fit throws {@link Refused}, and the request is answered without being applied.
 */
public interface DecodeMeter {
  /** A frame body of {@code frameBytes} is about to be decoded. */
  void begin(int frameBytes);

  /** Counts {@code bytes} about to be allocated; throws {@link Refused} when there is no room. */
  void charge(long bytes);

  /** The message decoded last has been handled: everything charged for it is released. */
  void done();

  /** A message whose decoding would exceed the budget; it was not decoded. */
  final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long requestId;

    /** A refusal while decoding request {@code requestId} (0 when not a request). */
    public Refused(long requestId, String message) {
      super(message, null, false, false);
      this.requestId = requestId;
    }

    /** The request being decoded, or 0. */
    public long requestId() {
      return requestId;
    }
  }
}
