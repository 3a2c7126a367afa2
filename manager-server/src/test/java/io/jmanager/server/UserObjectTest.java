package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectOp;
import io.jmanager.protocol.ValueKryo;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserObjectTest {
  /** The exposed interface. */
  public interface Greeter {
    /** Greets. */
    String greet();
  }

  /** The implementation, with one public method the interface does not expose. */
  public static final class LoudGreeter implements Greeter {
    @Override
    public String greet() {
      return "hello";
    }

    /** Not exposed. */
    public String shout() {
      return "HELLO";
    }
  }

  private final UserObject object =
      new UserObject(1, "g", Greeter.class, new LoudGreeter(), ValueKryo.create(Map.of()));
  private final Client client = Client.connected();

  @Test
  void interfaceMethod_isCalled() {
    client.send(object, ObjectOp.CALL, "greet()", new ArrayList<>());

    assertThat(client.answer()).isInstanceOf(byte[].class);
  }

  @Test
  void publicMethodOutsideTheInterface_cannotBeCalled() {
    client.send(object, ObjectOp.CALL, "shout()", new ArrayList<>());

    assertThat(client.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
  }

  @Test
  void argumentThatIsNotASerializedValue_isRefused() {
    ArrayList<Object> args = new ArrayList<>();
    args.add("raw text");

    client.send(object, ObjectOp.CALL, "greet()", args);

    assertThat(client.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
  }
}
