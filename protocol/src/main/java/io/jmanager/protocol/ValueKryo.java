package io.jmanager.protocol;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
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
 * The Kryo that serializes user values, the same in every JVM: registration required, Kryo's
 * primitives and String at their fixed ids, the JDK types below at ids 10 and up in this order, and
 * application classes at ids of 100 or more, by default derived from the class name so that JVMs
 * agree whatever their registration order. Class names are never accepted. Clients use it for every
 * value; the server only for the operator-installed types of {@code Manager.object}.
 *
 * <p>Values come from other processes, so decoding is bounded: nesting deeper than {@link
 * #MAX_DEPTH} fails as a {@link KryoException} instead of overflowing the stack, and, read from a
 * {@link BoundedInput}, no string, array, collection or map is allocated larger than the bytes that
 * could fill it. The serializers that check are Kryo's own, so the bytes are unchanged.
 */
public final class ValueKryo {
  /**
   * Deepest nesting of objects in a value; Kryo's recursion overflows a 1 MB thread stack at
   * between one and two thousand levels.
   */
  public static final int MAX_DEPTH = 256;

  /** Ids below this are reserved for the fixed JDK registrations. */
  public static final int FIRST_USER_ID = 100;

  /**
   * The id under which a pool's tasks carry serializable lambdas; only the pool's task codec
   * registers it, so lambdas never travel as shared values.
   */
  public static final int LAMBDA_ID = FIRST_USER_ID - 1;

  /**
   * The first of the ids under which a pool's tasks and a child process's target carry proxies of
   * shared objects, one id per proxy class, below {@link #LAMBDA_ID}; only the task codec registers
   * them, so proxies never travel as shared values.
   */
  public static final int FIRST_PROXY_ID = 80;

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

  private ValueKryo() {}

  /** The id a class gets when registered without one: stable across JVMs, from its name. */
  public static int nameId(Class<?> type) {
    int hash = 0;
    for (byte b : type.getName().getBytes(StandardCharsets.UTF_8)) {
      hash = 31 * hash + b;
    }
    return FIRST_USER_ID + Math.floorMod(hash, Integer.MAX_VALUE - FIRST_USER_ID);
  }

  /** A new Kryo with the built-ins and these application classes; not thread-safe. */
  public static Kryo create(Map<Class<?>, Integer> userClasses) {
    Kryo kryo = new Kryo(new IdsOnlyClassResolver(), null);
    kryo.setRegistrationRequired(true);
    kryo.setMaxDepth(MAX_DEPTH);
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    kryo.addDefaultSerializer(Object[].class, new BoundedObjectArrays());
    int id = 10;
    for (Class<?> type : BUILT_INS) {
      kryo.register(type, serializer(kryo, type), id++);
    }
    kryo.register(UUID.class, new DefaultSerializers.UUIDSerializer(), id);
    userClasses.forEach(kryo::register);
    return kryo;
  }

  /** Kryo's serializer for a built-in, checking sizes where Kryo would allocate up front. */
  private static Serializer<?> serializer(Kryo kryo, Class<?> type) {
    if (type == ArrayList.class || type == HashSet.class || type == LinkedHashSet.class) {
      return new BoundedCollectionSerializer<>();
    } else if (type == HashMap.class || type == LinkedHashMap.class) {
      return new BoundedMapSerializer<>();
    } else if (type == String[].class) {
      return new BoundedStringArraySerializer();
    } else if (type == boolean[].class) {
      return new BoundedBooleanArraySerializer();
    }
    return kryo.getDefaultSerializer(type);
  }

  /** Peeks at the element count that starts an array (count + 1; 0 is null) and checks it. */
  private static void checkArrayLength(Input input) {
    int start = input.position();
    int lengthPlusOne = input.readVarInt(true);
    if (lengthPlusOne != 0) {
      BoundedInput.checkCount(input, lengthPlusOne - 1);
    }
    input.setPosition(start);
  }

  private static final class BoundedCollectionSerializer<T extends Collection<Object>>
      extends CollectionSerializer<T> {
    @Override
    protected T create(Kryo kryo, Input input, Class<? extends T> type, int size) {
      BoundedInput.checkCount(input, size);
      return super.create(kryo, input, type, size);
    }
  }

  private static final class BoundedMapSerializer<T extends Map<Object, Object>>
      extends MapSerializer<T> {
    @Override
    protected T create(Kryo kryo, Input input, Class<? extends T> type, int size) {
      BoundedInput.checkCount(input, size);
      return super.create(kryo, input, type, size);
    }
  }

  private static final class BoundedStringArraySerializer
      extends DefaultArraySerializers.StringArraySerializer {
    @Override
    @SuppressWarnings("rawtypes") // Kryo declares the parameter raw
    public String[] read(Kryo kryo, Input input, Class type) {
      checkArrayLength(input);
      return super.read(kryo, input, type);
    }
  }

  private static final class BoundedBooleanArraySerializer
      extends DefaultArraySerializers.BooleanArraySerializer {
    @Override
    @SuppressWarnings("rawtypes") // Kryo declares the parameter raw
    public boolean[] read(Kryo kryo, Input input, Class type) {
      checkArrayLength(input);
      return super.read(kryo, input, type);
    }
  }

  private static final class BoundedObjectArraySerializer
      extends DefaultArraySerializers.ObjectArraySerializer {
    BoundedObjectArraySerializer(Kryo kryo, Class<?> type) {
      super(kryo, type);
    }

    @Override
    @SuppressWarnings("rawtypes") // Kryo declares the parameter raw
    public Object[] read(Kryo kryo, Input input, Class type) {
      checkArrayLength(input);
      return super.read(kryo, input, type);
    }
  }

  /** Makes the serializer of every application array class that is registered. */
  private static final class BoundedObjectArrays
      extends SerializerFactory.BaseSerializerFactory<BoundedObjectArraySerializer> {
    @Override
    @SuppressWarnings("rawtypes") // Kryo declares the parameter raw
    public BoundedObjectArraySerializer newSerializer(Kryo kryo, Class type) {
      return new BoundedObjectArraySerializer(kryo, type);
    }
  }
}
