package io.jmanager.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.util.Pool;
import io.jmanager.protocol.BoundedInput;
import io.jmanager.protocol.ValueKryo;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Serializes what a pool sends between the caller and its workers; the server keeps these bytes
 * without reading them.
 *
 * <pre>
 * task    = kind:byte  function-length:varint  function  input-count:varint  input*
 * results = count:varint  (class-and-object)*
 * failure = class-name:string  message:string  stack-trace:string
 * </pre>
 *
 * A function is a Kryo value: an instance of a registered class, or a serializable lambda, written
 * as its {@link SerializedLambda} with the capturing class by name and the captured values as
 * registered values. A worker rebuilds a lambda only through its capturing class's own {@code
 * $deserializeLambda$}, which accepts only lambdas that class's code creates, as Java serialization
 * does. Thread-safe: each thread borrows a Kryo from a pool.
 */
final class TaskCodec {
  /** Longest stack trace text a failure carries, in characters. */
  static final int MAX_TRACE_CHARS = 32 * 1024;

  /** How a worker applies a task's function to its inputs. */
  enum Kind {
    /** A {@link Callable} without inputs; one output. */
    CALL,
    /** A {@link Function}, once per input. */
    APPLY,
    /** A {@link BiFunction}, once per input pair. */
    STAR,
    /** A {@link Runnable} without inputs or outputs, such as an initializer. */
    RUN
  }

  /** A decoded task, ready to run. */
  record Task(Kind kind, Object function, List<Object> inputs) {
    /** Runs the function over the inputs and returns the outputs in order. */
    @SuppressWarnings("unchecked")
    List<Object> run() throws Exception {
      List<Object> outputs = new ArrayList<>(inputs.size());
      switch (kind) {
        case CALL -> outputs.add(as(Callable.class).call());
        case APPLY -> {
          Function<Object, Object> f = as(Function.class);
          for (Object input : inputs) {
            outputs.add(f.apply(input));
          }
        }
        case STAR -> {
          BiFunction<Object, Object, Object> f = as(BiFunction.class);
          for (Object input : inputs) {
            Map.Entry<?, ?> pair = (Map.Entry<?, ?>) input;
            outputs.add(f.apply(pair.getKey(), pair.getValue()));
          }
        }
        case RUN -> as(Runnable.class).run();
      }
      return outputs;
    }

    private <F> F as(Class<F> type) {
      if (!type.isInstance(function)) {
        throw new IllegalArgumentException(
            "a " + kind + " task needs a " + type.getName() + ", not a " + function.getClass());
      }
      return type.cast(function);
    }
  }

  private final Pool<Kryo> kryos;

  /** Creates a codec for these application classes and their ids, plus lambdas. */
  TaskCodec(Map<Class<?>, Integer> userClasses) {
    Map<Class<?>, Integer> classes = Map.copyOf(userClasses);
    this.kryos =
        new Pool<>(true, false) {
          @Override
          protected Kryo create() {
            Kryo kryo = ValueKryo.create(classes);
            kryo.register(
                ClosureSerializer.Closure.class, new LambdaSerializer(), ValueKryo.LAMBDA_ID);
            return kryo;
          }
        };
  }

  /** Serializes a task's function once, to be shared by every chunk of its inputs. */
  byte[] encodeFunction(Object function) {
    return write((output, kryo) -> kryo.writeClassAndObject(output, function), "the function");
  }

  /** Serializes a task: how to run it, its serialized function and its inputs. */
  byte[] encodeTask(Kind kind, byte[] function, List<?> inputs) {
    return write(
        (output, kryo) -> {
          output.writeByte(kind.ordinal());
          output.writeVarInt(function.length, true);
          output.writeBytes(function);
          output.writeVarInt(inputs.size(), true);
          for (Object input : inputs) {
            if (kind == Kind.STAR) {
              Map.Entry<?, ?> pair = (Map.Entry<?, ?>) input;
              kryo.writeClassAndObject(output, pair.getKey());
              kryo.writeClassAndObject(output, pair.getValue());
            } else {
              kryo.writeClassAndObject(output, input);
            }
          }
        },
        "an argument");
  }

  /** Reads a task written by {@link #encodeTask}. */
  Task decodeTask(byte[] bytes) {
    return read(
        bytes,
        (input, kryo) -> {
          Kind kind = Kind.values()[input.readByte()];
          Object function =
              kryo.readClassAndObject(new BoundedInput(input.readBytes(count(input))));
          int count = count(input);
          List<Object> inputs = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            if (kind == Kind.STAR) {
              Object first = kryo.readClassAndObject(input);
              inputs.add(
                  new AbstractMap.SimpleImmutableEntry<>(first, kryo.readClassAndObject(input)));
            } else {
              inputs.add(kryo.readClassAndObject(input));
            }
          }
          return new Task(kind, function, inputs);
        });
  }

  /** Serializes a task's outputs. */
  byte[] encodeResults(List<?> outputs) {
    return write(
        (output, kryo) -> {
          output.writeVarInt(outputs.size(), true);
          for (Object value : outputs) {
            kryo.writeClassAndObject(output, value);
          }
        },
        "a result");
  }

  /** Reads outputs written by {@link #encodeResults}. */
  List<Object> decodeResults(byte[] bytes) {
    return read(
        bytes,
        (input, kryo) -> {
          int count = count(input);
          List<Object> outputs = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            outputs.add(kryo.readClassAndObject(input));
          }
          return outputs;
        });
  }

  /** Serializes what a caller needs to know of an exception: names and text, never the object. */
  static byte[] encodeFailure(Throwable failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    String text = trace.toString();
    if (text.length() > MAX_TRACE_CHARS) {
      text = text.substring(0, MAX_TRACE_CHARS) + "\n\t... (cut)";
    }
    try (Output output = new Output(256, -1)) {
      output.writeString(failure.getClass().getName());
      output.writeString(failure.getMessage());
      output.writeString(text);
      return output.toBytes();
    }
  }

  /** Reads a failure written by {@link #encodeFailure}, as the exception a caller gets. */
  static TaskFailedException decodeFailure(byte[] bytes, String context) {
    try (Input input = new BoundedInput(bytes)) {
      String className = input.readString();
      String message = input.readString();
      String trace = input.readString();
      return new TaskFailedException(
          context + ": " + className + (message == null ? "" : ": " + message),
          className,
          message,
          trace);
    } catch (KryoException e) {
      return new TaskFailedException(context + " (its report is unreadable)", "?", null, "");
    }
  }

  private static int count(Input input) {
    int count = input.readVarInt(true);
    if (count < 0 || count > input.limit()) {
      throw new KryoException("bad count " + count);
    }
    return count;
  }

  /** Writes with a borrowed Kryo. */
  private interface Writing {
    void write(Output output, Kryo kryo);
  }

  /** Reads with a borrowed Kryo. */
  private interface Reading<T> {
    T from(Input input, Kryo kryo);
  }

  private byte[] write(Writing writing, String what) {
    Kryo kryo = kryos.obtain();
    try (Output output = new Output(256, -1)) {
      writing.write(output, kryo);
      return output.toBytes();
    } catch (KryoException | IllegalArgumentException e) {
      throw new SerializationException(
          "cannot serialize "
              + what
              + " of a pool task: "
              + e.getMessage()
              + ". Register the classes of arguments, results and captured values with"
              + " Manager.builder().register(...) in the caller and the workers; a lambda that"
              + " uses an instance member captures 'this'",
          e);
    } finally {
      kryos.free(kryo);
    }
  }

  private <T> T read(byte[] bytes, Reading<T> reading) {
    Kryo kryo = kryos.obtain();
    try (Input input = new BoundedInput(bytes)) {
      return reading.from(input, kryo);
    } catch (KryoException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new SerializationException(
          "cannot read a pool task or result: "
              + e.getMessage()
              + ". Every JVM of the pool needs the same classes on its classpath and the same"
              + " registrations",
          e);
    } finally {
      kryos.free(kryo);
    }
  }

  /**
   * Writes a serializable lambda as its {@link SerializedLambda} and rebuilds it through its
   * capturing class; refuses lambdas that are not serializable.
   */
  private static final class LambdaSerializer extends Serializer<Object> {
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
              + " SerializableCallable, SerializableBiFunction or SerializableRunnable";
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

    private static ClassLoader loader() {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      return context != null ? context : TaskCodec.class.getClassLoader();
    }

    private static Object rebuild(Class<?> owner, SerializedLambda form) {
      try {
        Method factory = owner.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
        factory.setAccessible(true);
        return factory.invoke(null, form);
      } catch (InvocationTargetException e) {
        throw new KryoException(
            "no such lambda in " + owner.getName() + ": " + e.getCause().getMessage(),
            e.getCause());
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new KryoException(
            owner.getName() + " has no serializable lambda matching the task: " + e, e);
      }
    }
  }
}
