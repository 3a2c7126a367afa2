package io.jmanager.client;

import io.jmanager.protocol.ValueOp;

/** The client side of a shared value. */
final class ValueProxy<T> implements SharedValue<T>, Reopenable {
  private final Remote remote;

  ValueProxy(Remote remote) {
    this.remote = remote;
  }

  /** Gives the value its first content, unless another client already did. */
  ValueProxy<T> initialize(T initial) {
    remote.call(ValueOp.INIT, remote.encode(initial));
    return this;
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
  public T get() {
    return remote.decode(remote.call(ValueOp.GET));
  }

  @Override
  public void set(T value) {
    remote.call(ValueOp.SET, remote.encode(value));
  }

  @Override
  public T getAndSet(T value) {
    return remote.decode(remote.call(ValueOp.GET_AND_SET, remote.encode(value)));
  }

  @Override
  public boolean compareAndSet(T expected, T value) {
    return remote.callBoolean(
        ValueOp.COMPARE_AND_SET, remote.encode(expected), remote.encode(value));
  }

  @Override
  public T addAndGet(Number delta) {
    return remote.decode(remote.call(ValueOp.ADD_AND_GET, remote.encode(delta)));
  }

  @Override
  public String toString() {
    return "SharedValue " + remote;
  }
}
