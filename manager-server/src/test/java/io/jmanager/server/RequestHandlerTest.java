package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.DictOp;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ObjectOp;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.Op;
import io.jmanager.protocol.ValueKryo;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How one connection's handler answers a request that fails on the server. */
class RequestHandlerTest {
  /** The interface a user object exposes. */
  public interface Echo {
    /** Returns its argument. */
    Object echo(Object value);
  }

  /** The user object. */
  public static final class Echoer implements Echo {
    @Override
    public Object echo(Object value) {
      return value;
    }
  }

  /** A value that needs more memory to read than the server has, as a huge argument would. */
  @DefaultSerializer(TooLargeToRead.Reading.class)
  public static final class TooLargeToRead {
    /** Writes nothing; reading throws what a full heap throws. */
    public static final class Reading extends Serializer<TooLargeToRead> {
      @Override
      public void write(Kryo kryo, Output output, TooLargeToRead value) {}

      @Override
      public TooLargeToRead read(Kryo kryo, Input input, Class<? extends TooLargeToRead> type) {
        throw new OutOfMemoryError("Java heap space (simulated)");
      }
    }
  }

  private static final ServerConfig CONFIG =
      ServerConfig.builder()
          .authkey(FuzzSeeds.KEY)
          .type(Echo.class.getName(), Echoer.class.getName())
          .valueClass(TooLargeToRead.class.getName())
          .build();

  private final Registry registry = new Registry(CONFIG);
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final AtomicLong ids = new AtomicLong();

  RequestHandlerTest() {
    ClientLink link = new ClientLink(channel, new IoBudget(CONFIG.maxIoBytes()));
    ManagerState state =
        new ManagerState(registry, new ManagerOps(registry, () -> {}), new WaiterLimits(CONFIG));
    channel
        .pipeline()
        .addLast(new RequestHandler(state.connect(1, true, link), link, Duration.ZERO));
  }

  @Test
  void opThatRunsOutOfMemory_isAnsweredMemory_andTheConnectionGoesOn() {
    long echo = open("echo", ObjectType.OBJECT, Echo.class.getName());
    String signature = ObjectOp.signature(Echo.class.getMethods()[0]);

    Message failed = send(echo, ObjectOp.CALL, signature, args(new TooLargeToRead()));

    assertThat(failed).isInstanceOf(Message.Failure.class);
    assertThat(((Message.Failure) failed).code()).isEqualTo(ErrorCode.MEMORY);
    assertThat(channel.isActive()).isTrue();
    Message echoed = send(echo, ObjectOp.CALL, signature, args("hello"));
    assertThat(echoed).isInstanceOf(Message.Reply.class);
    long dict = open("d", ObjectType.DICT, null);
    send(dict, DictOp.PUT, encode("k"), encode("v"));
    assertThat(((Message.Reply) send(dict, DictOp.GET, encode("k"))).value())
        .isEqualTo(encode("v"));
  }

  private long open(String name, ObjectType type, String iface) {
    Message answer = send(0, ManagerOp.OPEN, name, type, -1, iface);
    return (Long) ((List<?>) ((Message.Reply) answer).value()).get(0);
  }

  private Message send(long objectId, Op op, Object... args) {
    long id = ids.incrementAndGet();
    channel.writeInbound(
        new Message.Request(id, objectId, op, new ArrayList<>(Arrays.asList(args))));
    channel.runPendingTasks();
    Message answer = channel.readOutbound();
    assertThat(answer).as("the answer to request %d", id).isNotNull();
    return answer;
  }

  private static ArrayList<Object> args(Object value) {
    ArrayList<Object> args = new ArrayList<>();
    args.add(encode(value));
    return args;
  }

  private static byte[] encode(Object value) {
    Kryo kryo =
        ValueKryo.create(Map.of(TooLargeToRead.class, ValueKryo.nameId(TooLargeToRead.class)));
    try (Output output = new Output(16, -1)) {
      kryo.writeClassAndObject(output, value);
      return output.toBytes();
    }
  }
}
