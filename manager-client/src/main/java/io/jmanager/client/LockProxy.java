package io.jmanager.client;

import io.jmanager.protocol.LockOp;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/** The client side of a shared lock; waiting happens on the server, not on its threads. */
final class LockProxy implements SharedLock, Reopenable {
  private static final long FOREVER = -1;

  private final Remote remote;

  LockProxy(Remote remote) {
    this.remote = remote;
  }

  @Override
  public ProxyReference reference() {
    return remote.reference();
  }

  @Override
  public String name() {
    return remote.name();
  }

  @Override
  public void lock() {
    Remote.uninterruptibly(() -> acquire(FOREVER));
  }

  @Override
  public void lockInterruptibly() throws InterruptedException {
    acquire(FOREVER);
  }

  @Override
  public boolean tryLock() {
    return remote.callBoolean(LockOp.ACQUIRE, thread(), 0L);
  }

  @Override
  public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    return acquire(Math.max(0, unit.toNanos(time)));
  }

  @Override
  public void unlock() {
    try {
      remote.call(LockOp.RELEASE, thread());
    } catch (IllegalStateException notHolder) {
      throw new IllegalMonitorStateException(notHolder.getMessage());
    }
  }

  /** Returns a new condition on this lock, under a name no other condition has. */
  @Override
  public Condition newCondition() {
    return condition("anonymous-" + UUID.randomUUID());
  }

  /** Returns the condition of this name on this lock, shared by every client that names it. */
  SharedCondition condition(String name) {
    return new ConditionProxy(this, remote, Objects.requireNonNull(name, "name"));
  }

  @Override
  public boolean isLocked() {
    return remote.callBoolean(LockOp.IS_LOCKED);
  }

  @Override
  public int holdCount() {
    return remote.callInt(LockOp.HOLD_COUNT, thread());
  }

  @Override
  public int queueLength() {
    return remote.callInt(LockOp.WAITING);
  }

  @Override
  public Held locked() {
    lock();
    return this::unlock;
  }

  private boolean acquire(long timeoutNanos) throws InterruptedException {
    return (Boolean) remote.callParked(LockOp.ACQUIRE, timeoutNanos, thread());
  }

  /** The calling thread's id, which with the connection identifies a holder on the server. */
  static long thread() {
    return Thread.currentThread().getId();
  }

  @Override
  public String toString() {
    return "SharedLock " + remote;
  }
}
