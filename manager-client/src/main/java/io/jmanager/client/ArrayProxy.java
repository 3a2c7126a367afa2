package io.jmanager.client;

import io.jmanager.protocol.ArrayOp;
import java.util.ArrayList;
import java.util.List;

/** The client side of a shared array; the numbers live and change on the server. */
final class ArrayProxy implements SharedArray, Reopenable {
  private final Remote remote;
  private final ElementType elementType;
  private final int length;

  ArrayProxy(Remote remote, ElementType elementType, int length) {
    this.remote = remote;
    this.elementType = elementType;
    this.length = length;
  }

  /** Fixes the element type of a new array, or checks that of an existing one. */
  ArrayProxy initialize() {
    remote.call(ArrayOp.INIT, elementType.wireName());
    return this;
  }

  /**
   * Fixes the element type of a new array and gives it these values (Longs or Doubles, one per
   * element), or checks the type of an existing one, which keeps its values.
   */
  ArrayProxy initialize(ArrayList<Object> values) {
    remote.call(ArrayOp.INIT_WITH, elementType.wireName(), values);
    return this;
  }

  @Override
  public ProxyReference reference() {
    return remote.reference(length, elementType.name());
  }

  @Override
  public String name() {
    return remote.name();
  }

  @Override
  public ElementType elementType() {
    return elementType;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public long getLong(int index) {
    return ((Number) remote.call(ArrayOp.GET, index)).longValue();
  }

  @Override
  public double getDouble(int index) {
    return toDouble((Number) remote.call(ArrayOp.GET, index));
  }

  @Override
  public void set(int index, long value) {
    remote.call(ArrayOp.SET, index, value);
  }

  @Override
  public void set(int index, double value) {
    remote.call(ArrayOp.SET, index, value);
  }

  @Override
  public long addAndGet(int index, long delta) {
    return ((Number) remote.call(ArrayOp.ADD_AND_GET, index, delta)).longValue();
  }

  @Override
  public double addAndGet(int index, double delta) {
    return ((Number) remote.call(ArrayOp.ADD_AND_GET, index, delta)).doubleValue();
  }

  @Override
  public boolean compareAndSet(int index, long expected, long value) {
    return remote.callBoolean(ArrayOp.COMPARE_AND_SET, index, expected, value);
  }

  @Override
  public long[] toLongArray() {
    return snapshot().stream().mapToLong(Number::longValue).toArray();
  }

  @Override
  public double[] toDoubleArray() {
    return snapshot().stream().mapToDouble(this::toDouble).toArray();
  }

  private double toDouble(Number element) {
    long bits = element.longValue();
    if (elementType == ElementType.UNSIGNED_LONG && bits < 0) {
      return (bits >>> 1) * 2.0 + (bits & 1);
    }
    return element.doubleValue();
  }

  @SuppressWarnings("unchecked")
  private List<Number> snapshot() {
    return (List<Number>) remote.call(ArrayOp.SNAPSHOT);
  }

  @Override
  public String toString() {
    return "SharedArray " + remote;
  }
}
