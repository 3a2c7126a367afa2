package io.jmanager.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueKryoTest {
  /** A claimed length whose allocation would not fit any test heap. */
  private static final int HUGE = Integer.MAX_VALUE - 16;

  record Point(int x, int y) {}

  private final Kryo kryo = ValueKryo.create(Map.of(Point.class, ValueKryo.nameId(Point.class)));

  @Test
  void builtInsAndApplicationClasses_writeTheBytesKryosOwnSerializersWrite() {
    Kryo stock = new Kryo(new IdsOnlyClassResolver(), null);
    stock.setRegistrationRequired(true);
    stock.setInstantiatorStrategy(kryo.getInstantiatorStrategy());
    for (int id = 10; kryo.getRegistration(id) != null; id++) {
      Class<?> type = kryo.getRegistration(id).getType();
      if (type == UUID.class) {
        stock.register(type, new DefaultSerializers.UUIDSerializer(), id);
      } else {
        stock.register(type, id);
      }
    }
    stock.register(Point.class, ValueKryo.nameId(Point.class));
    stock.register(Point[].class, ValueKryo.nameId(Point[].class));
    kryo.register(Point[].class, ValueKryo.nameId(Point[].class));
    List<Object> values =
        List.of(
            new ArrayList<>(List.of(1, "two", 3L)),
            new LinkedList<>(List.of("a")),
            new HashMap<>(Map.of("k", 1.5)),
            new LinkedHashMap<>(Map.of(1, new byte[] {1, 2})),
            new TreeMap<>(Map.of("b", 2, "a", 1)),
            new HashSet<>(List.of(1, 2)),
            new LinkedHashSet<>(List.of("x", "y")),
            new String[] {"s", null, "naïve"},
            new int[] {1, -1},
            new Point[] {new Point(1, 2), null},
            BigInteger.TEN,
            new UUID(1, 2),
            "naïve");

    for (Object value : values) {
      assertThat(write(kryo, value)).as("%s", value).isEqualTo(write(stock, value));
      Object read = kryo.readClassAndObject(new BoundedInput(write(kryo, value)));
      assertThat(read).usingRecursiveComparison().isEqualTo(value);
    }
  }

  @ParameterizedTest
  @ValueSource(
      classes = {
        ArrayList.class,
        HashSet.class,
        LinkedHashSet.class,
        HashMap.class,
        LinkedHashMap.class,
        String[].class,
        Point[].class,
        byte[].class,
        int[].class,
        long[].class,
        double[].class,
        char[].class,
        boolean[].class
      })
  void aHugeClaimedLength_isRefusedBeforeAnythingIsAllocated(Class<?> type) {
    kryo.register(Point[].class, ValueKryo.nameId(Point[].class));
    Output output = new Output(16);
    output.writeVarInt(kryo.getRegistration(type).getId() + 2, true);
    output.writeVarInt(HUGE, true);
    output.writeByte(0);

    assertThatThrownBy(() -> kryo.readClassAndObject(new BoundedInput(output.toBytes())))
        .isInstanceOf(KryoException.class)
        .hasMessageContaining("exceeds the");
  }

  @Test
  void aStringClaimingAHugeLength_isRefusedBeforeItsCharsAreAllocated() {
    Output output = new Output(16);
    output.writeVarInt(kryo.getRegistration(String.class).getId() + 2, true);
    output.writeVarIntFlag(true, HUGE, true);
    output.writeByte('x');

    assertThatThrownBy(() -> kryo.readClassAndObject(new BoundedInput(output.toBytes())))
        .isInstanceOf(KryoException.class)
        .hasMessageContaining("exceeds the");
  }

  @Test
  void nullAndEmptyStrings_stillRead() {
    Output output = new Output(8);
    output.writeString(null);
    output.writeString("");
    Input input = new BoundedInput(output.toBytes());

    assertThat(input.readString()).isNull();
    assertThat(input.readString()).isEmpty();
  }

  @Test
  void nestingDeeperThanTheLimit_isATypedError_notAStackOverflow() {
    Output output = new Output(1024, -1);
    int arrayList = kryo.getRegistration(ArrayList.class).getId() + 2;
    for (int i = 0; i < 100_000; i++) {
      output.writeVarInt(arrayList, true);
      output.writeVarInt(2, true); // one element: Kryo writes size + 1
    }
    output.writeByte(0);

    assertThatThrownBy(() -> kryo.readClassAndObject(new BoundedInput(output.toBytes())))
        .isInstanceOf(KryoException.class)
        .hasMessageContaining("Max depth exceeded");
  }

  @Test
  void nestingWithinTheLimit_roundTrips_andDeeperIsRefusedWhenWritten() {
    Object shallow = nested(ValueKryo.MAX_DEPTH - 1);
    assertThat(kryo.readClassAndObject(new BoundedInput(write(kryo, shallow)))).isEqualTo(shallow);

    assertThatThrownBy(() -> write(kryo, nested(ValueKryo.MAX_DEPTH + 1)))
        .isInstanceOf(KryoException.class)
        .hasMessageContaining("Max depth exceeded");
  }

  private static Object nested(int depth) {
    Object value = "leaf";
    for (int i = 1; i < depth; i++) {
      value = new ArrayList<>(List.of(value));
    }
    return value;
  }

  private static byte[] write(Kryo kryo, Object value) {
    Output output = new Output(64, -1);
    kryo.writeClassAndObject(output, value);
    return output.toBytes();
  }
}
