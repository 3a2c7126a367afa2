package io.jmanager.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Writes a serializable lambda or method reference as its {@link SerializedLambda}, and rebuilds it
 * only through its capturing class's own {@code $deserializeLambda$}, which accepts only lambdas
 * that class's code creates, as Java serialization does. A lambda that is not serializable is
 * refused.
 *
 * <pre>
 * lambda = capturing-class:string  interface-class:string  interface-method:string
 *          interface-signature:string  impl-class:string  impl-method:string
 *          impl-signature:string  impl-kind:varint  instantiated-type:string
 *          captured-count:varint  (class-and-object)*
 * </pre>
 */
final class LambdaSerializer extends Serializer<Object> {
  /** Most values a lambda may capture. */
  private static final int MAX_CAPTURED = 64;

  @Override
  public void write(Kryo kryo, Output output, Object lambda) {
    SerializedLambda form = serializedForm(lambda);
    output.writeString(form.getCapturingClass());
    output.writeString(form.getFunctionalInterfaceClass());
    output.writeString(form.getFunctionalInterfaceMethodName());
    output.writeString(form.getFunctionalInterfaceMethodSignature());
    output.writeString(form.getImplClass());
    output.writeString(form.getImplMethodName());
    output.writeString(form.getImplMethodSignature());
    output.writeVarInt(form.getImplMethodKind(), true);
    output.writeString(form.getInstantiatedMethodType());
    output.writeVarInt(form.getCapturedArgCount(), true);
    for (int i = 0; i < form.getCapturedArgCount(); i++) {
      kryo.writeClassAndObject(output, form.getCapturedArg(i));
    }
  }

  @Override
  public Object read(Kryo kryo, Input input, Class<?> type) {
    String capturing = input.readString();
    String[] names = new String[6];
    for (int i = 0; i < names.length; i++) {
      names[i] = input.readString();
    }
    int kind = input.readVarInt(true);
    String instantiated = input.readString();
    int count = input.readVarInt(true);
    if (count < 0 || count > MAX_CAPTURED) {
      throw new KryoException("a lambda capturing " + count + " values");
    }
    Object[] captured = new Object[count];
    for (int i = 0; i < count; i++) {
      captured[i] = kryo.readClassAndObject(input);
    }
    Class<?> owner = load(capturing);
    SerializedLambda form =
        new SerializedLambda(
            owner,
            names[0],
            names[1],
            names[2],
            kind,
            names[3],
            names[4],
            names[5],
            instantiated,
            captured);
    return rebuild(owner, form);
  }

  private static SerializedLambda serializedForm(Object lambda) {
    String problem =
        lambda.getClass().getName()
            + " is not a serializable lambda: type it as SerializableFunction,"
            + " SerializableCallable, SerializableBiFunction, SerializableRunnable or"
            + " ProcessTarget";
    if (!(lambda instanceof Serializable)) {
      throw new KryoException(problem);
    }
    try {
      Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      return (SerializedLambda) writeReplace.invoke(lambda);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new KryoException(problem + " (" + e + ")", e);
    }
  }

  private static Class<?> load(String slashedName) {
    String name = slashedName.replace('/', '.');
    try {
      return Class.forName(name, false, loader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new KryoException(
          "class " + name + " is not on this JVM's classpath; pool workers need the caller's", e);
    }
  }

  /** The class loader that loads classes named by a task or a child's target. */
  static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : LambdaSerializer.class.getClassLoader();
  }

  private static Object rebuild(Class<?> owner, SerializedLambda form) {
    try {
      Method factory = owner.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
      factory.setAccessible(true);
      return factory.invoke(null, form);
    } catch (InvocationTargetException e) {
      throw new KryoException(
          "no such lambda in " + owner.getName() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new KryoException(
          owner.getName() + " has no serializable lambda matching the task: " + e, e);
    }
  }
}
