package io.jmanager.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.util.Pool;
import io.jmanager.protocol.BoundedInput;
import io.jmanager.protocol.ValueKryo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Serializes what a pool sends between the caller and its workers, whose bytes the server keeps
 * without reading them, and what a parent sends a child process to run.
 *
 * <pre>
 * task    = kind:byte  function-length:varint  function  input-count:varint  input*
 * input   = class-and-object  (APPLY, CALL, RUN)
 *         | class-and-object class-and-object  (STAR: a pair)
 *         | count:varint  class-and-object*  (SPREAD: an argument list)
 * results = count:varint  (class-and-object)*
 * failure = class-name:string  message:string  stack-trace:string
 * process = 0:byte  function  argument-count:varint  (class-and-object)*
 *         | 1:byte  subclass-name:string  fields
 * </pre>
 *
 * A function is a Kryo value: an instance of a registered class, or a serializable lambda, written
 * by {@link LambdaSerializer} with the captured values as registered values. Proxies of the
 * manager's shared objects and the manager itself are values too, written by {@link
 * ProxySerializer}. A {@link ChildProcess} is written as its class's name and its fields; the child
 * loads only subclasses of {@code ChildProcess} by that name. Thread-safe: each thread borrows a
 * Kryo from a pool.
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
    RUN,
    /**
     * A function of an argument list, once per list: one of two, three or four arguments spread
     * over the list's items, any other {@link Function} given the list ({@link StarFunction}).
     */
    SPREAD
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
        case SPREAD -> {
          for (Object input : inputs) {
            outputs.add(StarFunction.spread(function, (List<Object>) input));
          }
        }
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

  /** The first byte of a process whose target is a function. */
  private static final byte FUNCTION = 0;

  /** The first byte of a process whose target is a {@link ChildProcess}. */
  private static final byte SUBCLASS = 1;

  private final Pool<Kryo> kryos;

  /**
   * Creates a codec for these application classes and their ids, plus lambdas and the proxies
   * {@code proxies} writes.
   */
  TaskCodec(Map<Class<?>, Integer> userClasses, ProxySerializer proxies) {
    Map<Class<?>, Integer> classes = Map.copyOf(userClasses);
    this.kryos =
        new Pool<>(true, false) {
          @Override
          protected Kryo create() {
            Kryo kryo = ValueKryo.create(classes);
            kryo.register(
                ClosureSerializer.Closure.class, new LambdaSerializer(), ValueKryo.LAMBDA_ID);
            int id = ValueKryo.FIRST_PROXY_ID;
            for (Class<?> type : ProxySerializer.CLASSES) {
              kryo.register(type, proxies, id++);
            }
            return kryo;
          }
        };
  }

  /** Serializes a task's function once, to be shared by every chunk of its inputs. */
  byte[] encodeFunction(Object function) {
    return write(
        (output, kryo) -> kryo.writeClassAndObject(output, function),
        "the function of a pool task");
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
            } else if (kind == Kind.SPREAD) {
              List<?> arguments = (List<?>) input;
              output.writeVarInt(arguments.size(), true);
              arguments.forEach(argument -> kryo.writeClassAndObject(output, argument));
            } else {
              kryo.writeClassAndObject(output, input);
            }
          }
        },
        "an argument of a pool task");
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
            } else if (kind == Kind.SPREAD) {
              inputs.add(readArguments(input, kryo));
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
        "a result of a pool task");
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

  /**
   * Serializes what a child process runs: a {@link ChildProcess} with its fields, or a {@link
   * ProcessTarget} (or {@code Of1} to {@code Of3}) with its arguments.
   */
  byte[] encodeProcess(Object target, List<?> arguments) {
    return write(
        (output, kryo) -> {
          if (target instanceof ChildProcess child) {
            output.writeByte(SUBCLASS);
            output.writeString(child.getClass().getName());
            kryo.writeObject(output, child, new ChildProcessSerializer(kryo, child.getClass()));
          } else {
            output.writeByte(FUNCTION);
            kryo.writeClassAndObject(output, target);
            output.writeVarInt(arguments.size(), true);
            for (Object argument : arguments) {
              kryo.writeClassAndObject(output, argument);
            }
          }
        },
        "the target of a child process or its arguments");
  }

  /** Reads what {@link #encodeProcess} wrote, as code to run with its arguments bound. */
  ProcessTarget decodeProcess(byte[] bytes) {
    return read(
        bytes,
        (input, kryo) -> {
          if (input.readByte() == SUBCLASS) {
            Class<? extends ChildProcess> type = childClass(input.readString());
            return kryo.readObject(input, type, new ChildProcessSerializer(kryo, type))::run;
          }
          Object target = kryo.readClassAndObject(input);
          Object[] arguments = new Object[count(input)];
          for (int i = 0; i < arguments.length; i++) {
            arguments[i] = kryo.readClassAndObject(input);
          }
          return bind(target, arguments);
        });
  }

  @SuppressWarnings("unchecked")
  private static ProcessTarget bind(Object target, Object[] a) {
    Class<?> type =
        switch (a.length) {
          case 0 -> ProcessTarget.class;
          case 1 -> ProcessTarget.Of1.class;
          case 2 -> ProcessTarget.Of2.class;
          case 3 -> ProcessTarget.Of3.class;
          default -> throw new KryoException("a process target with " + a.length + " arguments");
        };
    if (!type.isInstance(target)) {
      throw new KryoException(
          "a process target with " + a.length + " arguments must be a " + type.getName());
    }
    return switch (a.length) {
      case 0 -> (ProcessTarget) target;
      case 1 -> () -> ((ProcessTarget.Of1<Object>) target).run(a[0]);
      case 2 -> () -> ((ProcessTarget.Of2<Object, Object>) target).run(a[0], a[1]);
      default -> () -> ((ProcessTarget.Of3<Object, Object, Object>) target).run(a[0], a[1], a[2]);
    };
  }

  private static Class<? extends ChildProcess> childClass(String name) {
    Class<?> type;
    try {
      type = Class.forName(name, false, LambdaSerializer.loader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new KryoException("class " + name + " is not on this JVM's classpath", e);
    }
    if (!ChildProcess.class.isAssignableFrom(type)) {
      throw new KryoException(name + " is not a " + ChildProcess.class.getName());
    }
    return type.asSubclass(ChildProcess.class);
  }

  /**
   * The fields of a {@link ChildProcess} subclass, which is not registered: the reading side
   * creates the object without a constructor, as Kryo's registered classes are.
   */
  private static final class ChildProcessSerializer extends FieldSerializer<ChildProcess> {
    ChildProcessSerializer(Kryo kryo, Class<? extends ChildProcess> type) {
      super(kryo, type);
    }

    @Override
    protected ChildProcess create(Kryo kryo, Input input, Class<? extends ChildProcess> type) {
      return kryo.getInstantiatorStrategy().newInstantiatorOf(type).newInstance();
    }
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

  private static List<Object> readArguments(Input input, Kryo kryo) {
    int count = count(input);
    List<Object> arguments = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      arguments.add(kryo.readClassAndObject(input));
    }
    return Collections.unmodifiableList(arguments);
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
              + ": "
              + e.getMessage()
              + ". Register the classes of arguments, results, captured values and fields with"
              + " Manager.builder().register(...) in the caller and the JVMs that run the code;"
              + " a lambda that uses an instance member captures 'this'",
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
          "cannot read a pool task, a result or a child's target: "
              + e.getMessage()
              + ". Every JVM of a pool, and a child and its parent, need the same classes on"
              + " their classpaths and the same registrations",
          e);
    } finally {
      kryos.free(kryo);
    }
  }
}
