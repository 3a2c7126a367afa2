package io.jmanager.client;

import io.jmanager.protocol.SemaphoreOp;
import java.util.concurrent.TimeUnit;

/** The client side of a shared semaphore; waiting happens on the server, not on its threads. */
final class SemaphoreProxy implements SharedSemaphore, Reopenable {
  private static final long FOREVER = -1;

  private final Remote remote;
  private final int initialPermits;

  SemaphoreProxy(Remote remote, int initialPermits) {
    this.remote = remote;
    this.initialPermits = initialPermits;
  }

  @Override
  public ProxyReference reference() {
    return remote.reference(initialPermits, null);
  }

  @Override
  public String name() {
    return remote.name();
  }

  @Override
  public int initialPermits() {
    return initialPermits;
  }

  @Override
  public void acquire() throws InterruptedException {
    acquire(1);
  }

  @Override
  public void acquire(int permits) throws InterruptedException {
    take(permits, FOREVER);
  }

  @Override
  public boolean tryAcquire() {
    return tryAcquire(1);
  }

  @Override
  public boolean tryAcquire(int permits) {
    return remote.callBoolean(SemaphoreOp.ACQUIRE, permits, 0L);
  }

  @Override
  public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
    return tryAcquire(1, timeout, unit);
  }

  @Override
  public boolean tryAcquire(int permits, long timeout, TimeUnit unit) throws InterruptedException {
    return take(permits, Math.max(0, unit.toNanos(timeout)));
  }

  @Override
  public void release() {
    release(1);
  }

  @Override
  public void release(int permits) {
    remote.call(SemaphoreOp.RELEASE, permits);
  }

  @Override
  public int availablePermits() {
    return remote.callInt(SemaphoreOp.AVAILABLE);
  }

  @Override
  public int queueLength() {
    return remote.callInt(SemaphoreOp.WAITING);
  }

  @Override
  public Permit acquired() throws InterruptedException {
    acquire();
    return this::release;
  }

  private boolean take(int permits, long timeoutNanos) throws InterruptedException {
    return (Boolean) remote.callParked(SemaphoreOp.ACQUIRE, timeoutNanos, permits);
  }

  @Override
  public String toString() {
    return "SharedSemaphore " + remote;
  }
}
