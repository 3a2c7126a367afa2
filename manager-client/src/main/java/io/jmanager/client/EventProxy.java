package io.jmanager.client;

import io.jmanager.protocol.EventOp;
import java.util.concurrent.TimeUnit;

/** The client side of a shared event; waiting happens on the server, not on its threads. */
final class EventProxy implements SharedEvent, Reopenable {
  private final Remote remote;

  EventProxy(Remote remote) {
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
  public void set() {
    remote.call(EventOp.SET);
  }

  @Override
  public void clear() {
    remote.call(EventOp.CLEAR);
  }

  @Override
  public boolean isSet() {
    return remote.callBoolean(EventOp.IS_SET);
  }

  @Override
  public void await() throws InterruptedException {
    waitForFlag(-1);
  }

  @Override
  public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
    return waitForFlag(Math.max(0, unit.toNanos(timeout)));
  }

  @Override
  public int waiting() {
    return remote.callInt(EventOp.WAITING);
  }

  private boolean waitForFlag(long timeoutNanos) throws InterruptedException {
    return (Boolean) remote.callParked(EventOp.WAIT, timeoutNanos);
  }

  @Override
  public String toString() {
    return "SharedEvent " + remote;
  }
}
