package io.jmanager.client;

import io.jmanager.protocol.BarrierOp;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The client side of a shared barrier; waiting happens on the server, not on its threads. */
final class BarrierProxy implements SharedBarrier, Reopenable {
  /** An arrival that timed out passed nothing; one that broke or passed the barrier did. */
  private static final Connection.Parked ARRIVAL =
      new Connection.Parked(reply -> (Integer) reply == BarrierOp.TIMED_OUT, true);

  private final Remote remote;
  private final int parties;

  BarrierProxy(Remote remote, int parties) {
    this.remote = remote;
    this.parties = parties;
  }

  @Override
  public ProxyReference reference() {
    return remote.reference(parties, null);
  }

  @Override
  public String name() {
    return remote.name();
  }

  @Override
  public int parties() {
    return parties;
  }

  @Override
  public int await() throws InterruptedException, BrokenBarrierException {
    int index = arrive(-1);
    if (index == BarrierOp.BROKEN) {
      throw new BrokenBarrierException();
    }
    return index;
  }

  @Override
  public int await(long timeout, TimeUnit unit)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    int index = arrive(Math.max(0, unit.toNanos(timeout)));
    if (index == BarrierOp.BROKEN) {
      throw new BrokenBarrierException();
    }
    if (index == BarrierOp.TIMED_OUT) {
      throw new TimeoutException("barrier '" + name() + "' timed out; it is now broken");
    }
    return index;
  }

  @Override
  public void reset() {
    remote.call(BarrierOp.RESET);
  }

  @Override
  public void abort() {
    remote.call(BarrierOp.ABORT);
  }

  @Override
  public boolean isBroken() {
    return remote.callBoolean(BarrierOp.IS_BROKEN);
  }

  @Override
  public int waiting() {
    return remote.callInt(BarrierOp.WAITING);
  }

  private int arrive(long timeoutNanos) throws InterruptedException {
    return (Integer) remote.callParked(ARRIVAL, BarrierOp.AWAIT, timeoutNanos);
  }

  @Override
  public String toString() {
    return "SharedBarrier " + remote;
  }
}
