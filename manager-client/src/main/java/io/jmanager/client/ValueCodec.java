package io.jmanager.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.util.Pool;
import io.jmanager.protocol.IdsOnlyClassResolver;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Serializes user values to the bytes the server stores, and back. Registration is required: the
 * JDK types below have fixed ids, and each application class gets an id derived from its name (or
 * one chosen by the user), so a value written in one JVM reads in any JVM that registered the same
 * classes, in any order. An unknown class id is an error, never an instantiation. Thread-safe: each
 * thread borrows a Kryo from a pool.
 */
final class ValueCodec {
  /** Ids below this are reserved for the fixed JDK registrations. */
  static final int FIRST_USER_ID = 100;

  private static final List<Class<?>> BUILT_INS =
      List.of(
          byte[].class,
          int[].class,
          long[].class,
          double[].class,
          float[].class,
          short[].class,
          char[].class,
          boolean[].class,
          String[].class,
          ArrayList.class,
          LinkedList.class,
          HashMap.class,
          LinkedHashMap.class,
          TreeMap.class,
          HashSet.class,
          LinkedHashSet.class,
          TreeSet.class,
          BigInteger.class,
          BigDecimal.class);

  private final Map<Class<?>, Integer> userClasses;
  private final Pool<Kryo> kryos;

  /** Creates a codec for these application classes and their ids. */
  ValueCodec(Map<Class<?>, Integer> userClasses) {
    this.userClasses = Map.copyOf(userClasses);
    this.kryos =
        new Pool<>(true, false) {
          @Override
          protected Kryo create() {
            return newKryo();
          }
        };
  }

  /** The id a class gets when registered without one: stable across JVMs, from its name. */
  static int nameId(Class<?> type) {
    int hash = 0;
    for (byte b : type.getName().getBytes(StandardCharsets.UTF_8)) {
      hash = 31 * hash + b;
    }
    return FIRST_USER_ID + Math.floorMod(hash, Integer.MAX_VALUE - FIRST_USER_ID);
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
      return kryo.readClassAndObject(new Input(bytes));
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

  private Kryo newKryo() {
    Kryo kryo = new Kryo(new IdsOnlyClassResolver(), null);
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    kryo.setInstantiatorStrategy(
        new com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy(
            new StdInstantiatorStrategy()));
    int id = 10;
    for (Class<?> type : BUILT_INS) {
      kryo.register(type, id++);
    }
    kryo.register(UUID.class, new DefaultSerializers.UUIDSerializer(), id);
    userClasses.forEach(kryo::register);
    return kryo;
  }
}
