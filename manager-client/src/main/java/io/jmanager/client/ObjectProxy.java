package io.jmanager.client;

import io.jmanager.protocol.ObjectOp;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;

/**
 * The client side of a user-registered object: a {@link Proxy} of its interface that sends each
 * call to the server as one request, with arguments and result as serialized values. {@code
 * equals}, {@code hashCode} and {@code toString} stay local.
 */
final class ObjectProxy implements InvocationHandler, Reopenable {
  private final Remote remote;
  private final Class<?> iface;

  private ObjectProxy(Remote remote, Class<?> iface) {
    this.remote = remote;
    this.iface = iface;
  }

  /** A proxy of {@code iface} for this object. */
  static <T> T create(Remote remote, Class<T> iface) {
    ObjectProxy handler = new ObjectProxy(remote, iface);
    return iface.cast(
        Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, handler));
  }

  @Override
  public ProxyReference reference() {
    return remote.reference(-1, iface.getName());
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) {
    if (method.getDeclaringClass() == Object.class) {
      return local(proxy, method, args);
    }
    ArrayList<Object> encoded = new ArrayList<>();
    for (Object arg : args == null ? new Object[0] : args) {
      encoded.add(arg == null ? null : remote.encode(arg));
    }
    return remote.decode(remote.call(ObjectOp.CALL, ObjectOp.signature(method), encoded));
  }

  private Object local(Object proxy, Method method, Object[] args) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> iface.getSimpleName() + " " + remote;
    };
  }
}
