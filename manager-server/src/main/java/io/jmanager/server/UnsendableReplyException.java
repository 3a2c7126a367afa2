package io.jmanager.server;

import io.netty.handler.codec.EncoderException;

/**
 * A reply {@link MessageCodec} could not encode: larger than the reply limit, or not encodable at
 * all. The write of that reply fails with it, so that the server can put back whatever the reply
 * carried out of an object and answer the request with a failure instead.
 */
final class UnsendableReplyException extends EncoderException {
  private static final long serialVersionUID = 1L;
  private final long requestId;

  /** Creates the exception for the answer to request {@code requestId}. */
  UnsendableReplyException(long requestId, String message, Throwable cause) {
    super(message, cause);
    this.requestId = requestId;
  }

  /** The request the reply answered. */
  long requestId() {
    return requestId;
  }
}
