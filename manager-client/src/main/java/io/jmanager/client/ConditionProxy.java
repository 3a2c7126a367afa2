package io.jmanager.client;

import io.jmanager.protocol.LockOp;
import io.jmanager.protocol.Timeouts;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The client side of a condition: requests to its lock's server object, naming the condition. */
final class ConditionProxy implements SharedCondition, Reopenable {
  /**
   * A wait answered false when it timed out, and only once it holds the lock again, however long
   * after its timeout that is.
   */
  private static final Connection.Parked RELOCKING =
      new Connection.Parked(Connection.Parked.NULL_OR_FALSE.gotNothing(), false);

  private final LockProxy lock;
  private final Remote remote;
  private final String name;

  ConditionProxy(LockProxy lock, Remote remote, String name) {
    this.lock = lock;
    this.remote = remote;
    this.name = name;
  }

  @Override
  public ProxyReference reference() {
    return remote.reference(-1, name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SharedLock lock() {
    return lock;
  }

  @Override
  public void await() throws InterruptedException {
    waitOnServer(-1);
  }

  @Override
  public void awaitUninterruptibly() {
    Remote.uninterruptibly(() -> waitOnServer(-1));
  }

  @Override
  public long awaitNanos(long nanos) throws InterruptedException {
    long start = System.nanoTime();
    boolean signalled = waitOnServer(Math.max(0, nanos));
    long left = Timeouts.minus(nanos, System.nanoTime() - start);
    return signalled ? Math.max(1, left) : Math.min(0, left);
  }

  @Override
  public boolean await(long time, TimeUnit unit) throws InterruptedException {
    return awaitNanos(unit.toNanos(time)) > 0;
  }

  @Override
  public boolean awaitUntil(Date deadline) throws InterruptedException {
    return await(
        Timeouts.minus(deadline.getTime(), System.currentTimeMillis()), TimeUnit.MILLISECONDS);
  }

  @Override
  public void awaitUntil(BooleanSupplier predicate) throws InterruptedException {
    while (!predicate.getAsBoolean()) {
      await();
    }
  }

  @Override
  public boolean awaitUntil(BooleanSupplier predicate, long time, TimeUnit unit)
      throws InterruptedException {
    long left = unit.toNanos(time);
    while (!predicate.getAsBoolean()) {
      if (left <= 0) {
        return false;
      }
      left = awaitNanos(left);
    }
    return true;
  }

  @Override
  public void signal() {
    holding(() -> remote.call(LockOp.SIGNAL, name, LockProxy.thread()));
  }

  @Override
  public void signalAll() {
    holding(() -> remote.call(LockOp.SIGNAL_ALL, name, LockProxy.thread()));
  }

  @Override
  public int waiting() {
    return remote.callInt(LockOp.CONDITION_WAITING, name);
  }

  private boolean waitOnServer(long timeoutNanos) throws InterruptedException {
    try {
      return (Boolean)
          remote.callParked(RELOCKING, LockOp.AWAIT, timeoutNanos, name, LockProxy.thread());
    } catch (IllegalStateException notHolder) {
      throw new IllegalMonitorStateException(notHolder.getMessage());
    }
  }

  private static void holding(Runnable call) {
    try {
      call.run();
    } catch (IllegalStateException notHolder) {
      throw new IllegalMonitorStateException(notHolder.getMessage());
    }
  }

  @Override
  public String toString() {
    return "SharedCondition '" + name + "' of " + lock;
  }
}
