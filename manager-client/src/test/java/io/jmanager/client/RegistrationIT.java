package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.DictOp;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.ValueKryo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kryo registration is required on both sides: a client neither writes nor reads a class it has not
 * registered, and never writes a class name; the server's own Kryo refuses names and unknown ids
 * (see HostileMessagesIT). The server never deserializes a user value at all: it stores and returns
 * the bytes, and the value's class is first initialized by the client that reads it.
 */
class RegistrationIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  record Point(int x, int y) {}

  @Test
  void aClientRefusesToWriteAnUnregisteredClass_andWritesNoClassNameForARegisteredOne() {
    assertThatThrownBy(() -> new ValueCodec(Map.of()).encode(new Point(1, 2)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("register it");

    byte[] bytes =
        new ValueCodec(Map.of(Point.class, ValueKryo.nameId(Point.class))).encode(new Point(1, 2));
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("Point");
  }

  @Test
  void aClientRefusesToReadAnUnregisteredId_withoutInitializingTheClass() {
    assertThatThrownBy(() -> new ValueCodec(Map.of()).decode(idOnly(Gadget.class)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not registered");
    assertThat(GadgetTrap.INITIALIZED).doesNotContain(Gadget.class);
  }

  @Test
  void aUserValue_passesThroughTheServerAsBytes_andIsFirstReadByARegisteredClient()
      throws Exception {
    byte[] key = new ValueCodec(Map.of()).encode("k");
    try (RawClient client = new RawClient(server.port(), ServerExtension.KEY)) {
      client.send(0, ManagerOp.OPEN, "sealed", ObjectType.DICT, -1);
      long dict = (Long) ((List<?>) ((Message.Reply) client.read()).value()).get(0);
      client.send(dict, DictOp.PUT, key, idOnly(StoredValue.class));
      client.read();
      client.send(dict, DictOp.GET, key);

      assertThat((byte[]) ((Message.Reply) client.read()).value())
          .isEqualTo(idOnly(StoredValue.class));
    }
    assertThat(GadgetTrap.INITIALIZED)
        .as("initialized on the server")
        .doesNotContain(StoredValue.class);

    Manager reader =
        server.track(
            Manager.builder()
                .address("127.0.0.1", server.port())
                .authkey(ServerExtension.KEY)
                .register(StoredValue.class)
                .connect());
    assertThat(reader.dict("sealed").get("k")).isInstanceOf(StoredValue.class);
    assertThat(GadgetTrap.INITIALIZED).contains(StoredValue.class);
  }

  /** An instance of a class without fields as a client writes it, without initializing it. */
  private static byte[] idOnly(Class<?> type) {
    Output output = new Output(8);
    output.writeVarInt(ValueKryo.nameId(type) + 2, true);
    return output.toBytes();
  }
}
