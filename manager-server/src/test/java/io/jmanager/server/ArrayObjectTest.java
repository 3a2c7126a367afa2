package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmanager.protocol.ArrayOp;
import io.jmanager.protocol.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayObjectTest {
  private final Client client = Client.connected();

  @Test
  void intArray_addsOnTheServer_andWrapsLikeJava() {
    ArrayObject array = initialized("int", 3);

    call(array, ArrayOp.SET, 1, (long) Integer.MAX_VALUE);

    assertThat(call(array, ArrayOp.ADD_AND_GET, 1, 1L)).isEqualTo((long) Integer.MIN_VALUE);
    assertThat(call(array, ArrayOp.ADD_AND_GET, 0, 5L)).isEqualTo(5L);
    assertThat((List<?>) call(array, ArrayOp.SNAPSHOT))
        .isEqualTo(List.of(5L, (long) Integer.MIN_VALUE, 0L));
  }

  @Test
  void doubleArray_holdsDoubles() {
    ArrayObject array = initialized("double", 2);

    call(array, ArrayOp.SET, 0, 0.5);

    assertThat(call(array, ArrayOp.ADD_AND_GET, 0, 0.25)).isEqualTo(0.75);
    assertThat(call(array, ArrayOp.COMPARE_AND_SET, 0, 0.75, 1.0)).isEqualTo(true);
    assertThat(call(array, ArrayOp.GET, 0)).isEqualTo(1.0);
    assertThat(call(array, ArrayOp.LENGTH)).isEqualTo(2);
  }

  @Test
  void indexOutside_isAnIndexOutOfBounds() {
    ArrayObject array = initialized("long", 2);

    client.send(array, ArrayOp.GET, 2);

    assertThat(client.failure()).isEqualTo(ErrorCode.INDEX_OUT_OF_BOUNDS);
  }

  @Test
  void otherElementTypeThanExisting_isRefused_andUninitializedArraysRefuseOps() {
    ArrayObject array = initialized("long", 2);
    ArrayObject fresh = new ArrayObject(2, "fresh", 1);

    client.send(array, ArrayOp.INIT, "double");
    client.send(fresh, ArrayOp.GET, 0);
    client.send(fresh, ArrayOp.INIT, "decimal");

    assertThat(client.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    assertThat(client.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    assertThat(client.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
  }

  /**
   * No JVM allocates an array of 2^31-1 longs, so INIT fails as a full heap would, every time; the
   * registry never creates such an array, but the order of the steps is the same for any length.
   */
  @Test
  void initThatRunsOutOfMemory_leavesTheArrayWithoutAnElementType() {
    ArrayObject huge = new ArrayObject(3, "huge", Integer.MAX_VALUE);

    assertThatThrownBy(() -> client.send(huge, ArrayOp.INIT, "long"))
        .isInstanceOf(OutOfMemoryError.class);

    client.send(huge, ArrayOp.GET, 0);
    assertThat(client.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    assertThatThrownBy(() -> client.send(huge, ArrayOp.INIT, "double"))
        .isInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void narrowAndUnsignedTypes_wrapToTheirWidth_asACCastDoes() {
    assertThat(afterAdding("byte", 127, 1)).isEqualTo(-128L);
    assertThat(afterAdding("ubyte", 255, 1)).isEqualTo(0L);
    assertThat(afterAdding("ubyte", 0, -1)).isEqualTo(255L);
    assertThat(afterAdding("short", Short.MAX_VALUE, 1)).isEqualTo((long) Short.MIN_VALUE);
    assertThat(afterAdding("ushort", 0, -1)).isEqualTo(65535L);
    assertThat(afterAdding("char", 65535, 1)).isEqualTo(0L);
    assertThat(afterAdding("uint", 0, -1)).isEqualTo(4294967295L);
    assertThat(afterAdding("ulong", 0, -1)).isEqualTo(-1L);
  }

  @Test
  void floatArray_roundsToSinglePrecision() {
    ArrayObject array = initialized("float", 1);

    call(array, ArrayOp.SET, 0, 0.1);

    assertThat(call(array, ArrayOp.GET, 0)).isEqualTo((double) 0.1f);
  }

  @Test
  void initWith_givesANewArrayItsValues_andAnInitializedOneKeepsItsOwn() {
    ArrayObject array = new ArrayObject(1, "a", 3);

    assertThat(call(array, ArrayOp.INIT_WITH, "ubyte", Client.list(1L, 256L, -1L))).isEqualTo(true);
    assertThat(call(array, ArrayOp.INIT_WITH, "ubyte", Client.list(7L, 7L, 7L))).isEqualTo(false);

    assertThat((List<?>) call(array, ArrayOp.SNAPSHOT)).isEqualTo(List.of(1L, 0L, 255L));
    client.send(array, ArrayOp.INIT_WITH, "ubyte", Client.list(1L));
    assertThat(client.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
    client.send(array, ArrayOp.INIT_WITH, "int", Client.list(1L, 2L, 3L));
    assertThat(client.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
  }

  private Object afterAdding(String type, long value, long delta) {
    ArrayObject array = initialized(type, 1);
    call(array, ArrayOp.SET, 0, value);
    return call(array, ArrayOp.ADD_AND_GET, 0, delta);
  }

  private ArrayObject initialized(String type, int length) {
    ArrayObject array = new ArrayObject(1, "a", length);
    call(array, ArrayOp.INIT, type);
    return array;
  }

  private Object call(ArrayObject array, ArrayOp op, Object... args) {
    client.send(array, op, args);
    return client.answer();
  }
}
