package io.jmanager.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.ObjectType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Writes a proxy of a shared object as its {@link ProxyReference} and reads it by opening the
 * object again on this JVM's manager, so that a proxy sent to a child process or a pool worker
 * arrives as the same shared object; writes the manager itself as a mark that reads as the reading
 * JVM's manager. Refuses proxies and managers other than its own manager's: a child or a worker
 * reaches the objects of the manager that sends it work, and no other.
 *
 * <pre>
 * proxy   = type:varint  name:string  parameter:varint(zigzag)  detail:string
 * manager = (nothing)
 * </pre>
 *
 * Stateless, so one instance serves every Kryo of a codec.
 */
final class ProxySerializer extends Serializer<Object> {
  /**
   * The classes written by this serializer, registered from {@code ValueKryo.FIRST_PROXY_ID} in
   * this order: append only. {@link InvocationHandler} stands for the JDK proxies of {@code
   * Manager.object}, as Kryo looks up every JDK proxy class under it.
   */
  static final List<Class<?>> CLASSES =
      List.of(
          Manager.class,
          DictProxy.class,
          ListProxy.class,
          QueueProxy.class,
          LockProxy.class,
          ConditionProxy.class,
          SemaphoreProxy.class,
          EventProxy.class,
          BarrierProxy.class,
          ValueProxy.class,
          NamespaceProxy.class,
          PipeProxy.class,
          PipeProxy.End.class,
          ArrayProxy.class,
          InvocationHandler.class,
          PoolProxy.class);

  private final Manager manager;
  private final Connection connection;

  /** A serializer for the proxies of {@code manager}, whose connection is {@code connection}. */
  ProxySerializer(Manager manager, Connection connection) {
    this.manager = manager;
    this.connection = connection;
  }

  @Override
  public void write(Kryo kryo, Output output, Object object) {
    if (object instanceof Manager) {
      if (object != manager) {
        throw new KryoException(otherManager("a manager"));
      }
      return;
    }
    ProxyReference reference = reference(object);
    if (reference.owner() != connection) {
      throw new KryoException(otherManager("the proxy of " + reference));
    }
    output.writeVarInt(reference.type().ordinal(), true);
    output.writeString(reference.name());
    output.writeVarInt(reference.parameter(), false);
    output.writeString(reference.detail());
  }

  @Override
  public Object read(Kryo kryo, Input input, Class<?> type) {
    if (type == Manager.class) {
      return manager;
    }
    ObjectType objectType;
    try {
      objectType = ObjectType.ofOrdinal(input.readVarInt(true));
    } catch (IllegalArgumentException e) {
      throw new KryoException(e.getMessage(), e);
    }
    String name = input.readString();
    int parameter = input.readVarInt(false);
    String detail = input.readString();
    return new ProxyReference(connection, objectType, name, parameter, detail).open(manager);
  }

  private static ProxyReference reference(Object proxy) {
    if (proxy instanceof Reopenable reopenable) {
      return reopenable.reference();
    }
    if (Proxy.isProxyClass(proxy.getClass())
        && Proxy.getInvocationHandler(proxy) instanceof Reopenable reopenable) {
      return reopenable.reference();
    }
    throw new KryoException(
        proxy.getClass().getName() + " is a JDK proxy, not a jmanager shared object");
  }

  private static String otherManager(String what) {
    return what
        + " belongs to another manager than the one that starts this child or pool task;"
        + " a child or pool worker reaches only the shared objects of that manager";
  }
}
