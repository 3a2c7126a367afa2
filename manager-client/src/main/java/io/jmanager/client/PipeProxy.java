package io.jmanager.client;

import io.jmanager.protocol.PipeOp;
import java.io.EOFException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The client side of a shared pipe: each end names itself in every request, and is used through
 * this connection's hold on it, taken when the end is asked for.
 *
 * <p>To hand an end to another process, as Python's child inherits its parent's handle, the parent
 * calls {@link End#share()} before the child starts and passes the pipe's name, direction, end and
 * ticket; the child reopens the pipe by name and calls {@link #claim(int, long)}. Until claimed,
 * the reservation keeps the end open even if the parent closes its own hold at once; it is dropped
 * when the parent's connection closes.
 */
final class PipeProxy<E> implements SharedPipe<E>, Reopenable {
  private static final long FOREVER = -1;

  private final Remote remote;
  private final boolean duplex;

  PipeProxy(Remote remote, boolean duplex) {
    this.remote = remote;
    this.duplex = duplex;
  }

  @Override
  public ProxyReference reference() {
    return remote.reference(duplex ? 0 : 1, null);
  }

  @Override
  public String name() {
    return remote.name();
  }

  @Override
  public boolean duplex() {
    return duplex;
  }

  @Override
  public SharedPipe.Connection<E> first() {
    return hold(0);
  }

  @Override
  public SharedPipe.Connection<E> second() {
    return hold(1);
  }

  private End hold(int end) {
    remote.call(PipeOp.HOLD, end);
    return new End(end);
  }

  /**
   * Takes this connection's hold on {@code end} in place of the reservation {@code ticket} made by
   * {@link End#share()} in another process; a reservation already gone makes it a plain hold.
   */
  End claim(int end, long ticket) {
    remote.call(PipeOp.CLAIM, end, ticket);
    return new End(end);
  }

  /** One end, named by its number in every request. */
  final class End implements SharedPipe.Connection<E>, Reopenable {
    private final int end;

    End(int end) {
      this.end = end;
    }

    /** This end's number: 0 for {@link #first()}, 1 for {@link #second()}. */
    int index() {
      return end;
    }

    /** The pipe this end belongs to. */
    PipeProxy<E> pipe() {
      return PipeProxy.this;
    }

    /**
     * Reserves a hold on this end for another process, to claim with {@link #claim(int, long)};
     * returns its ticket.
     */
    long share() {
      return (Long) remote.call(PipeOp.SHARE, end);
    }

    /**
     * What opens this end in another JVM: the end's name and a hold reserved for that JVM, so the
     * end stays open from the moment it is sent even if this JVM closes its own hold at once.
     */
    @Override
    public ProxyReference reference() {
      String which = end == 0 ? ProxyReference.FIRST : ProxyReference.SECOND;
      return remote.reference(duplex ? 0 : 1, which + ProxyReference.TICKET + share());
    }

    @Override
    public void send(E value) {
      remote.call(PipeOp.SEND, end, remote.encode(value));
    }

    @Override
    public void sendBytes(byte[] bytes) {
      sendBytes(bytes, 0, bytes.length);
    }

    @Override
    public void sendBytes(byte[] bytes, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, bytes.length);
      remote.call(PipeOp.SEND, end, Arrays.copyOfRange(bytes, offset, offset + length));
    }

    @Override
    public E recv() throws InterruptedException, EOFException {
      return remote.decode(receive(FOREVER));
    }

    @Override
    public E recv(long timeout, TimeUnit unit) throws InterruptedException, EOFException {
      return remote.decode(receive(Math.max(0, unit.toNanos(timeout))));
    }

    @Override
    public byte[] recvBytes() throws InterruptedException, EOFException {
      return (byte[]) receive(FOREVER);
    }

    @Override
    public byte[] recvBytes(int maxLength)
        throws InterruptedException, EOFException, MessageTooLongException {
      if (maxLength < 0) {
        throw new IllegalArgumentException("negative maxLength: " + maxLength);
      }
      Object reply =
          endOfStreamChecked(remote.callParked(PipeOp.RECV_BYTES, FOREVER, end, maxLength));
      if (reply instanceof Integer length) {
        throw new MessageTooLongException(length, maxLength);
      }
      return (byte[]) reply;
    }

    @Override
    public boolean poll() {
      return remote.callBoolean(PipeOp.POLL, end, 0L);
    }

    @Override
    public boolean poll(long timeout, TimeUnit unit) throws InterruptedException {
      return (Boolean) remote.callParked(PipeOp.POLL, Math.max(0, unit.toNanos(timeout)), end);
    }

    @Override
    public void close() {
      remote.call(PipeOp.CLOSE, end);
    }

    /** The next value's bytes, or null on timeout. */
    private Object receive(long timeoutNanos) throws InterruptedException, EOFException {
      return endOfStreamChecked(remote.callParked(PipeOp.RECV, timeoutNanos, end));
    }

    private Object endOfStreamChecked(Object reply) throws EOFException {
      if (PipeOp.END_OF_STREAM.equals(reply)) {
        throw new EOFException("the other end of pipe '" + remote.name() + "' is closed");
      }
      return reply;
    }

    @Override
    public String toString() {
      return "end " + end + " of pipe " + remote;
    }
  }
}
