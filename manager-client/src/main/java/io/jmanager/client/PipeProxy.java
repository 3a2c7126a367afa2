package io.jmanager.client;

import io.jmanager.protocol.PipeOp;
import java.io.EOFException;
import java.util.concurrent.TimeUnit;

/** The client side of a shared pipe: each end names itself in every request. */
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
    return new End(0);
  }

  @Override
  public SharedPipe.Connection<E> second() {
    return new End(1);
  }

  /** One end, named by its number in every request. */
  final class End implements SharedPipe.Connection<E>, Reopenable {
    private final int end;

    End(int end) {
      this.end = end;
    }

    @Override
    public ProxyReference reference() {
      return remote.reference(
          duplex ? 0 : 1, end == 0 ? ProxyReference.FIRST : ProxyReference.SECOND);
    }

    @Override
    public void send(E value) {
      remote.call(PipeOp.SEND, end, remote.encode(value));
    }

    @Override
    public E recv() throws InterruptedException, EOFException {
      return receive(FOREVER);
    }

    @Override
    public E recv(long timeout, TimeUnit unit) throws InterruptedException, EOFException {
      return receive(Math.max(0, unit.toNanos(timeout)));
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

    private E receive(long timeoutNanos) throws InterruptedException, EOFException {
      Object reply = remote.callParked(PipeOp.RECV, timeoutNanos, end);
      if (PipeOp.END_OF_STREAM.equals(reply)) {
        throw new EOFException("the other end of pipe '" + remote.name() + "' is closed");
      }
      return remote.decode(reply);
    }

    @Override
    public String toString() {
      return "end " + end + " of pipe " + remote;
    }
  }
}
