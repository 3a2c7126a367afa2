package io.jmanager.protocol;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
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
 * The Kryo that serializes user values, the same in every JVM: registration required, Kryo's
 * primitives and String at their fixed ids, the JDK types below at ids 10 and up in this order, and
 * application classes at ids of 100 or more, by default derived from the class name so that JVMs
 * agree whatever their registration order. Class names are never accepted. Clients use it for every
 * value; the server only for the operator-installed types of {@code Manager.object}.
 */
public final class ValueKryo {
  /** Ids below this are reserved for the fixed JDK registrations. */
  public static final int FIRST_USER_ID = 100;

  /**
   * The id under which a pool's tasks carry serializable lambdas; only the pool's task codec
   * registers it, so lambdas never travel as shared values.
   */
  public static final int LAMBDA_ID = FIRST_USER_ID - 1;

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
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    int id = 10;
    for (Class<?> type : BUILT_INS) {
      kryo.register(type, id++);
    }
    kryo.register(UUID.class, new DefaultSerializers.UUIDSerializer(), id);
    userClasses.forEach(kryo::register);
    return kryo;
  }
}
