package io.jmanager.client;

import io.jmanager.protocol.BarrierOp;
import io.jmanager.protocol.Timeouts;
import java.time.Duration;
import java.util.List;
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
  private final TaskCodec tasks;

  /** The barrier's action, once fetched; it never changes once set. */
  private volatile Runnable action;

  BarrierProxy(Remote remote, int parties, TaskCodec tasks) {
    this.remote = remote;
    this.parties = parties;
    this.tasks = tasks;
  }

  /**
   * Gives the barrier an action and a default timeout, each if it has none yet; either may be null.
   */
  BarrierProxy configure(SerializableRunnable action, Duration timeout) {
    if (timeout != null && timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    if (action != null || timeout != null) {
      byte[] encoded =
          action == null
              ? null
              : tasks.encodeTask(TaskCodec.Kind.RUN, tasks.encodeFunction(action), List.of());
      remote.call(BarrierOp.CONFIGURE, encoded, timeout == null ? -1L : Timeouts.nanos(timeout));
    }
    return this;
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
    if (index == BarrierOp.TIMED_OUT) {
      throw new BrokenBarrierException("barrier '" + name() + "' timed out; it is now broken");
    }
    return passed(index);
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
    return passed(index);
  }

  /** The arrival index of a party that passed; the last runs the action, if there is one. */
  private int passed(int index) {
    if (index != BarrierOp.RUN_ACTION) {
      return index;
    }
    Runnable run = action;
    if (run == null) {
      run = (Runnable) tasks.decodeTask((byte[]) remote.call(BarrierOp.ACTION)).function();
      action = run;
    }
    try {
      run.run();
    } catch (RuntimeException | Error e) {
      abort();
      throw e;
    }
    return 0;
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
