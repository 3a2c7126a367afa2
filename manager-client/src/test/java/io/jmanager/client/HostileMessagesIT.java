package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.ArrayOp;
import io.jmanager.protocol.DictOp;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.QueueOp;
import io.jmanager.protocol.ValueOp;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fixed corpus of hostile messages from an authenticated client against a real server. A frame
 * that does not decode to a request is answered with a PROTOCOL error and the connection closed,
 * within a second, and nothing after it is applied; a request that decodes but cannot be applied
 * gets a typed error and the connection stays usable. No class is ever named, loaded by name or
 * initialized, and the server loses nothing.
 */
class HostileMessagesIT {
  @RegisterExtension static final GuardedServer server = new GuardedServer();

  private static final Duration PROMPTLY = Duration.ofSeconds(1);
  private static final int REQUEST_ID = 20;
  private static final int LIST_ID = 11;
  private static final int STRING_ID = 1;
  private static final int BYTES_ID = 10;

  private final ValueCodec values = new ValueCodec(Map.of());
  private RawClient client;

  @BeforeEach
  void connect() throws IOException {
    client = new RawClient(server.port(), GuardedServer.KEY);
    client.readTimeout(PROMPTLY);
  }

  @AfterEach
  void disconnect() throws IOException {
    client.close();
  }

  @Test
  void emptyAndTruncatedMessages_areProtocolErrors() throws IOException {
    assertProtocolError(new byte[] {0, 0, 0, 0}, "malformed");
    connect();
    assertProtocolError(new byte[] {0, 0, 0, 3, 0x16, 1, 2}, "malformed");
  }

  @Test
  void unknownClassId_isAProtocolError() throws IOException {
    assertProtocolError(new byte[] {0, 0, 0, 2, 0x7f, 0}, "unregistered class ID");
  }

  @Test
  void aRegisteredTypeThatIsNoMessage_isAProtocolError() throws IOException {
    Output body = new Output(16);
    body.writeVarInt(BYTES_ID + 2, true);
    body.writeVarInt(1, true);
    body.writeByte(7);
    assertProtocolError(RawClient.frame(body.toBytes()), "no message");
  }

  @Test
  void unknownObjectTypeAndOp_areProtocolErrors() throws IOException {
    assertProtocolError(request(99, 0, 0, out -> {}), "unknown object type");
    connect();
    assertProtocolError(request(1, 99, 0, out -> {}), "unknown DICT op 99");
    connect();
    assertProtocolError(request(0, 99, 0, out -> {}), "unknown manager op 99");
  }

  @Test
  void listsNestedTenThousandDeep_areAProtocolError_notAStackOverflow() throws IOException {
    assertProtocolError(
        request(
            0,
            ManagerOp.NAMES.ordinal(),
            1,
            out -> {
              for (int i = 0; i < 10_000; i++) {
                out.writeVarInt(LIST_ID + 2, true);
                out.writeVarInt(1, true);
              }
              out.writeVarInt(0, true);
            }),
        "nested deeper");
  }

  @Test
  void aListClaimingAGigaElements_isRefusedWithoutAllocatingThem() throws IOException {
    assertProtocolError(request(0, ManagerOp.NAMES.ordinal(), 1 << 30, out -> {}), "exceeds the");
  }

  @Test
  void aStringClaimingTwoGigabytes_isRefusedWithoutAllocatingIt() throws IOException {
    assertProtocolError(
        request(
            0,
            ManagerOp.DELETE.ordinal(),
            1,
            out -> {
              out.writeVarInt(STRING_ID + 2, true);
              out.writeVarInt(Integer.MAX_VALUE, true);
            }),
        "exceeds the");
  }

  @Test
  void classesNamedInsteadOfRegistered_areRefused_andNeverInitialized() throws IOException {
    for (String gadget :
        List.of(
            "io.jmanager.client.Gadget",
            "org.apache.commons.collections.functors.InvokerTransformer",
            "com.sun.rowset.JdbcRowSetImpl")) {
      connect();
      assertProtocolError(
          request(0, ManagerOp.NAMES.ordinal(), 1, out -> RawClient.writeClassName(out, gadget)),
          "class names are not accepted");
    }
    assertThat(GadgetTrap.INITIALIZED).doesNotContain(Gadget.class);
  }

  @Test
  void messagesOnlyTheServerSends_areProtocolErrors() throws IOException {
    assertProtocolError(RawClient.frame(new Message.Reply(1, null)), "may not send Reply");
    connect();
    assertProtocolError(RawClient.frame(new Message.Goodbye("bye")), "may not send Goodbye");
  }

  @Test
  void requestsAfterAProtocolError_inTheSameWrite_areNotApplied() throws IOException {
    long prior = open("prior", ObjectType.DICT, -1);
    client.write(
        new byte[] {0, 0, 0, 2, 0x7f, 0},
        RawClient.frame(put(prior, "a", 99)),
        RawClient.frame(new Message.Request(9, 0, ManagerOp.DELETE, list("prior-list"))));

    assertProtocolFailure(client.read(), "unregistered class ID");
    assertThat(client.closedWithin(PROMPTLY)).isTrue();
  }

  @Test
  void requestsThatCannotBeApplied_getTypedErrors_andTheConnectionStaysUsable() throws IOException {
    long dict = open("typed-errors", ObjectType.DICT, -1);

    assertFailure(new Message.Request(2, 12345, DictOp.SIZE, list()), ErrorCode.NO_SUCH_OBJECT);
    assertFailure(new Message.Request(3, dict, DictOp.GET, list()), ErrorCode.ILLEGAL_ARGUMENT);
    assertFailure(new Message.Request(4, dict, DictOp.GET, list(7)), ErrorCode.ILLEGAL_ARGUMENT);
    assertFailure(new Message.Request(5, dict, QueueOp.SIZE, list()), ErrorCode.WRONG_TYPE);
    assertFailure(
        new Message.Request(6, 0, ManagerOp.OPEN, list("x", "DICT", -1)),
        ErrorCode.ILLEGAL_ARGUMENT);
    assertFailure(
        new Message.Request(7, 0, ManagerOp.OPEN, list("", ObjectType.DICT, -1)),
        ErrorCode.ILLEGAL_ARGUMENT);
    assertFailure(
        new Message.Request(
            8, 0, ManagerOp.OPEN, list("huge", ObjectType.ARRAY, Integer.MAX_VALUE)),
        ErrorCode.ILLEGAL_ARGUMENT);

    client.write(RawClient.frame(put(dict, "still", 1)));
    assertThat(client.read()).isInstanceOf(Message.Reply.class);
  }

  @Test
  void aHostileNumberForAddAndGet_isAnIllegalArgument_notAnOutOfMemoryError() throws IOException {
    long value = open("counter", ObjectType.VALUE, -1);
    client.write(
        RawClient.frame(new Message.Request(2, value, ValueOp.SET, list(values.encode(1)))));
    client.read();
    Output hugeString = new Output(16);
    hugeString.writeVarInt(STRING_ID + 2, true);
    hugeString.writeVarIntFlag(true, Integer.MAX_VALUE, true);

    assertFailure(
        new Message.Request(3, value, ValueOp.ADD_AND_GET, list(hugeString.toBytes())),
        ErrorCode.ILLEGAL_ARGUMENT);
    assertFailure(new Message.Request(4, value, ArrayOp.SNAPSHOT, list()), ErrorCode.WRONG_TYPE);
  }

  /** A request frame written by hand: op {@code op} of type {@code type}, then its arguments. */
  private static byte[] request(int type, int op, int argCount, Consumer<Output> args) {
    Output body = new Output(64, -1);
    body.writeVarInt(REQUEST_ID + 2, true);
    body.writeVarLong(1, true);
    body.writeVarLong(0, true);
    body.writeVarInt(type, true);
    body.writeVarInt(op, true);
    body.writeVarInt(argCount, true);
    args.accept(body);
    return RawClient.frame(body.toBytes());
  }

  private Message.Request put(long dict, String key, int value) {
    return new Message.Request(2, dict, DictOp.PUT, list(values.encode(key), values.encode(value)));
  }

  private long open(String name, ObjectType type, int parameter) throws IOException {
    client.write(
        RawClient.frame(new Message.Request(1, 0, ManagerOp.OPEN, list(name, type, parameter))));
    return (Long) ((List<?>) ((Message.Reply) client.read()).value()).get(0);
  }

  private void assertProtocolError(byte[] frame, String reason) throws IOException {
    client.write(frame);
    assertProtocolFailure(client.read(), reason);
    assertThat(client.closedWithin(PROMPTLY)).as("closed within a second").isTrue();
  }

  private static void assertProtocolFailure(Message answer, String reason) {
    assertThat(answer)
        .isInstanceOfSatisfying(
            Message.Failure.class,
            failure -> {
              assertThat(failure.code()).isEqualTo(ErrorCode.PROTOCOL);
              assertThat(failure.message()).contains(reason);
            });
  }

  private void assertFailure(Message.Request request, ErrorCode code) throws IOException {
    client.write(RawClient.frame(request));
    assertThat(client.read())
        .isInstanceOfSatisfying(
            Message.Failure.class,
            failure -> {
              assertThat(failure.id()).isEqualTo(request.id());
              assertThat(failure.code()).isEqualTo(code);
            });
  }

  private static ArrayList<Object> list(Object... items) {
    return new ArrayList<>(List.of(items));
  }
}
