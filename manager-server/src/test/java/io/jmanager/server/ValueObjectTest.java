package io.jmanager.server;

import static io.jmanager.server.Client.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.NamespaceOp;
import io.jmanager.protocol.ValueOp;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueObjectTest {
  private final Kryo kryo = new Kryo();
  private final ValueObject shared = new ValueObject(1, "v");
  private final Client client = Client.connected();

  @Test
  void addAndGet_computesOnTheServer_inTheCurrentValuesType() {
    call(ValueOp.INIT, number(10));
    call(ValueOp.INIT, number(99));

    assertThat(read(call(ValueOp.ADD_AND_GET, number(5L)))).isEqualTo(15);
    assertThat(read(call(ValueOp.GET))).isEqualTo(15);
  }

  @Test
  void addAndGet_worksForLongsAndDoubles() {
    call(ValueOp.SET, number(Long.MAX_VALUE - 1));
    assertThat(read(call(ValueOp.ADD_AND_GET, number(1L)))).isEqualTo(Long.MAX_VALUE);

    call(ValueOp.SET, number(0.5));
    assertThat(read(call(ValueOp.ADD_AND_GET, number(0.25)))).isEqualTo(0.75);
  }

  @Test
  void addAndGet_onANonNumber_isAnIllegalArgument_andChangesNothing() {
    call(ValueOp.SET, value("text"));

    client.send(shared, ValueOp.ADD_AND_GET, number(1));

    assertThat(client.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
    assertThat((byte[]) call(ValueOp.GET)).isEqualTo(value("text"));
  }

  @Test
  void addAndGet_beforeAnyValue_isAnIllegalState() {
    client.send(shared, ValueOp.ADD_AND_GET, number(1));

    assertThat(client.failure()).isEqualTo(ErrorCode.ILLEGAL_STATE);
  }

  @Test
  void compareAndSet_andGetAndSet_areAtomic() {
    call(ValueOp.SET, number(1));

    assertThat(call(ValueOp.COMPARE_AND_SET, number(2), number(3))).isEqualTo(false);
    assertThat(call(ValueOp.COMPARE_AND_SET, number(1), number(3))).isEqualTo(true);
    assertThat(read(call(ValueOp.GET_AND_SET, number(4)))).isEqualTo(3);
    assertThat(read(call(ValueOp.GET))).isEqualTo(4);
  }

  @Test
  void namespace_setsGetsAndDeletesAttributes() {
    NamespaceObject namespace = new NamespaceObject(2, "ns");

    client.send(namespace, NamespaceOp.SET, "x", value("1"));
    client.send(namespace, NamespaceOp.SET, "y", value("2"));
    client.send(namespace, NamespaceOp.DELETE, "x");
    client.send(namespace, NamespaceOp.NAMES);
    client.send(namespace, NamespaceOp.GET, "x");

    client.answer();
    client.answer();
    assertThat(client.answer()).isEqualTo(true);
    assertThat((List<?>) client.answer()).isEqualTo(List.of("y"));
    assertThat(client.answer()).isNull();
  }

  private Object call(ValueOp op, Object... args) {
    client.send(shared, op, args);
    return client.answer();
  }

  private byte[] number(Object number) {
    Output output = new Output(16, -1);
    kryo.writeClassAndObject(output, number);
    return output.toBytes();
  }

  private Object read(Object bytes) {
    return kryo.readClassAndObject(new Input((byte[]) bytes));
  }
}
