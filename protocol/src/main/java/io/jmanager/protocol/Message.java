package io.jmanager.protocol;

/**
 * Everything that travels after the handshake. Messages are plain records: no Netty or Kryo type
 * appears in them; {@link Frames} is the only place they meet the wire.
 */
public sealed interface Message
    permits Message.Request,
        Message.Reply,
        Message.Failure,
        Message.Cancel,
        Message.Goodbye,
        Message.Ack {

  /**
   * A call from a client: {@code id} is chosen by the client and echoed in the answer; {@code
   * objectId} comes from {@link ManagerOp#OPEN} (0 for manager ops).
   */
  record Request(long id, long objectId, Op op, java.util.List<Object> args) implements Message {}

  /** The successful answer to request {@code id}. */
  record Reply(long id, Object value) implements Message {}

  /** The failed answer to request {@code id}, or to no request when {@code id} is 0. */
  record Failure(long id, ErrorCode code, String message) implements Message {}

  /** Client asks the server to give up the parked request {@code id}; it answers CANCELLED. */
  record Cancel(long id) implements Message {}

  /** Server tells the client it is closing the connection, and why. */
  record Goodbye(String reason) implements Message {}

  /**
   * Client tells a server whose sessions outlive their connections that it has the answers to
   * requests {@code ids}: the server stops keeping them for a resend.
   */
  record Ack(long[] ids) implements Message {}
}
