package io.jmanager.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import io.jmanager.protocol.BoundedInput;
import io.jmanager.protocol.ValueKryo;
import java.util.Map;

/**
 * Serializes user values to the bytes the server stores, and back. Registration is required: the
 * JDK types below have fixed ids, and each application class gets an id derived from its name (or
 * one chosen by the user), so a value written in one JVM reads in any JVM that registered the same
 * classes, in any order. An unknown class id is an error, never an instantiation. Thread-safe: each
 * thread borrows a Kryo from a pool.
 */
final class ValueCodec {
  private final Map<Class<?>, Integer> userClasses;
  private final Pool<Kryo> kryos;

  /** Creates a codec for these application classes and their ids. */
  ValueCodec(Map<Class<?>, Integer> userClasses) {
    this.userClasses = Map.copyOf(userClasses);
    this.kryos =
        new Pool<>(true, false) {
          @Override
          protected Kryo create() {
            return ValueKryo.create(userClasses);
          }
        };
  }

  /** Serializes a non-null value; throws {@link SerializationException} if its class is unknown. */
  byte[] encode(Object value) {
    Kryo kryo = kryos.obtain();
    try (Output output = new Output(64, -1)) {
      kryo.writeClassAndObject(output, value);
      return output.toBytes();
    } catch (KryoException | IllegalArgumentException e) {
      throw new SerializationException(
          "cannot serialize a "
              + value.getClass().getName()
              + ": register it with Manager.builder().register(...) in every JVM that uses it ("
              + e.getMessage()
              + ")",
          e);
    } finally {
      kryos.free(kryo);
    }
  }

  /** Reads a value written by {@link #encode}; throws {@link SerializationException} if unknown. */
  Object decode(byte[] bytes) {
    Kryo kryo = kryos.obtain();
    try {
      return kryo.readClassAndObject(new BoundedInput(bytes));
    } catch (KryoException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new SerializationException(
          "cannot read a value: its class is not registered in this JVM, or the registrations "
              + "differ between JVMs ("
              + e.getMessage()
              + ")",
          e);
    } finally {
      kryos.free(kryo);
    }
  }
}
