package io.jmanager.server;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.BoundedInput;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectOp;
import io.jmanager.protocol.ObjectType;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An instance of an operator-installed type, called only through the methods of its registered
 * interface (Python's {@code exposed}). Arguments and results are read and written with a Kryo that
 * knows only the built-in and operator-registered value classes. Its methods run on the event loop
 * under this object's lock, so they must be quick.
 *
 * <p>In a snapshot, the instance is written whole with the same Kryo, which knows the
 * implementation class, so a type whose objects the durable mode keeps must have the classes its
 * fields hold among the value classes ({@code --value-class}). Its methods must be deterministic
 * (no clock, no randomness, no I/O), and its fields must serialize deterministically (a {@code
 * LinkedHashMap} or {@code TreeMap}, not a {@code HashMap} keyed by objects with identity hashes),
 * so that every replica that applies the same calls holds, and writes, the same instance.
 */
final class UserObject extends SharedObject {
  private final Class<?> iface;
  private Object instance;
  private final Kryo kryo;
  private final Map<String, Method> methods = new HashMap<>();

  UserObject(long id, String name, Class<?> iface, Object instance, Kryo kryo) {
    super(id, name);
    this.iface = iface;
    this.instance = instance;
    this.kryo = kryo;
    for (Method method : iface.getMethods()) {
      methods.put(ObjectOp.signature(method), method);
    }
  }

  /** The registered interface's name. */
  String interfaceName() {
    return iface.getName();
  }

  @Override
  ObjectType type() {
    return ObjectType.OBJECT;
  }

  @Override
  List<Waiters<?>> waiters() {
    return List.of();
  }

  @Override
  void applyLocked(Call call) {
    ObjectOp op = (ObjectOp) call.op();
    switch (op) {
      case CALL -> call.reply(invoke(call.string(0), call.arg(1, java.util.ArrayList.class)));
    }
  }

  private byte[] invoke(String signature, List<?> encodedArgs) {
    Method method = methods.get(signature);
    if (method == null) {
      throw new OpException(
          ErrorCode.ILLEGAL_ARGUMENT, iface.getName() + " has no method " + signature);
    }
    Object[] args = new Object[encodedArgs.size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = read(encodedArgs.get(i));
    }
    try {
      return write(method.invoke(instance, args));
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new OpException(
          ErrorCode.REMOTE_EXCEPTION, cause.getClass().getName() + ": " + cause.getMessage());
    } catch (IllegalAccessException | IllegalArgumentException e) {
      throw new OpException(
          ErrorCode.ILLEGAL_ARGUMENT, "cannot call " + signature + ": " + e.getMessage());
    }
  }

  private Object read(Object encoded) {
    if (encoded == null) {
      return null;
    }
    if (!(encoded instanceof byte[] bytes)) {
      throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "arguments must be serialized values");
    }
    try {
      return kryo.readClassAndObject(new BoundedInput(bytes));
    } catch (KryoException | IllegalArgumentException e) {
      throw new OpException(
          ErrorCode.ILLEGAL_ARGUMENT,
          "an argument cannot be read: its class is not registered on the server (--value-class),"
              + " or it is malformed: "
              + e.getMessage());
    }
  }

  private byte[] write(Object result) {
    if (result == null) {
      return null;
    }
    try (Output output = new Output(64, -1)) {
      kryo.writeClassAndObject(output, result);
      return output.toBytes();
    } catch (KryoException | IllegalArgumentException e) {
      throw new OpException(
          ErrorCode.REMOTE_EXCEPTION,
          "the result's class " + result.getClass().getName() + " is not registered on the server");
    }
  }

  /** The instance, written with the value Kryo; its class must be a registered value class. */
  @Override
  void writeState(SnapshotWriter out) throws IOException {
    try (Output output = new Output(256, -1)) {
      kryo.writeClassAndObject(output, instance);
      out.writeBytes(output.toBytes());
    } catch (KryoException | IllegalArgumentException e) {
      throw new SnapshotFormatException(
          this
              + " cannot be written: a field of its "
              + instance.getClass().getName()
              + " holds a class that is not registered with --value-class ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  @Override
  void readState(SnapshotReader in) throws IOException {
    byte[] bytes = in.readBytes("the instance");
    Object read;
    try {
      read = kryo.readClassAndObject(new BoundedInput(bytes));
    } catch (KryoException | IllegalArgumentException e) {
      throw in.corrupted("the instance cannot be read (" + e.getMessage() + ")");
    }
    if (!iface.isInstance(read)) {
      throw in.corrupted("the instance is not a " + iface.getName());
    }
    instance = read;
  }
}
