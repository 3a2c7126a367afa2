package io.jmanager.server;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.ArrayOp;
import io.jmanager.protocol.BarrierOp;
import io.jmanager.protocol.DictOp;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.EventOp;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.ListOp;
import io.jmanager.protocol.LockOp;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.NamespaceOp;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.Op;
import io.jmanager.protocol.PipeOp;
import io.jmanager.protocol.PoolOp;
import io.jmanager.protocol.ProtocolKryo;
import io.jmanager.protocol.QueueOp;
import io.jmanager.protocol.SemaphoreOp;
import io.jmanager.protocol.ValueKryo;
import io.jmanager.protocol.ValueOp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed corpus of {@link FrameFuzzTest}: valid traffic written by the real codec, which the
 * fuzzer mutates from. The files under {@code FrameFuzzTestInputs} are these bytes; {@link
 * FuzzSeedsTest} keeps them equal.
 */
final class FuzzSeeds {
  /** The authkey of the handshake target's server. */
  static final byte[] KEY = "fuzz-key".getBytes(StandardCharsets.UTF_8);

  /** First byte of a {@code frames} input: decode with the handshake's frame limit. */
  static final byte PRE_AUTH = 0;

  /** First byte of a {@code frames} input: decode with the authenticated frame limit. */
  static final byte POST_AUTH = 1;

  private static final Kryo VALUES = ValueKryo.create(Map.of());

  /** Tests run on one thread at a time, so one Kryo serves them all. */
  private static final Kryo MESSAGES = ProtocolKryo.create();

  private FuzzSeeds() {}

  /** Every seed: fuzz target method, then file name, then the bytes. */
  static Map<String, Map<String, byte[]>> all() {
    Map<String, Map<String, byte[]>> all = new LinkedHashMap<>();
    all.put("frames", frames());
    all.put("handshake", handshake());
    all.put("requests", requests());
    return all;
  }

  private static Map<String, byte[]> frames() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put(
        "every-message",
        concat(
            new byte[] {POST_AUTH},
            frame(request(1, 2, DictOp.PUT, value("key"), value(42))),
            frame(new Message.Reply(1, value("answer"))),
            frame(new Message.Reply(2, list(1L, 2L))),
            frame(new Message.Failure(3, ErrorCode.NO_SUCH_ELEMENT, "empty")),
            frame(new Message.Cancel(4)),
            frame(new Message.Goodbye("idle")),
            frame(new Message.Ack(new long[] {1, 2, 300}))));
    seeds.put(
        "every-argument-type",
        concat(
            new byte[] {POST_AUTH},
            frame(
                request(
                    Long.MAX_VALUE,
                    7,
                    ManagerOp.OPEN,
                    null,
                    true,
                    -1,
                    5L,
                    "naïve",
                    ObjectType.QUEUE,
                    ErrorCode.PROTOCOL,
                    list(list(1, "two"), list()),
                    new byte[] {1, 2, 3}))));
    seeds.put(
        "before-authentication",
        concat(new byte[] {PRE_AUTH}, frame(request(1, 0, ManagerOp.NAMES))));
    return seeds;
  }

  private static Map<String, byte[]> handshake() {
    byte[] serverNonce = new byte[32];
    byte[] clientNonce = new byte[32];
    Arrays.fill(clientNonce, (byte) 7);
    byte[] auth = bytes(Handshake.auth(ByteBufAllocator.DEFAULT, KEY, serverNonce, clientNonce, 0));
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put("auth", auth);
    seeds.put("auth-then-request", concat(auth, frame(request(1, 0, ManagerOp.NAMES))));
    seeds.put("request-instead-of-auth", frame(request(1, 0, ManagerOp.NAMES)));
    seeds.put("truncated-auth", Arrays.copyOf(auth, auth.length / 2));
    return seeds;
  }

  /** One script per shared type: open it (object id 1), then use it. */
  private static Map<String, byte[]> requests() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put(
        "dict",
        script(
            ObjectType.DICT,
            -1,
            request(DictOp.PUT, value("k"), value(1)),
            request(DictOp.PUT_ALL, list(value("a"), value(2), value("b"), value(3))),
            request(DictOp.GET, value("k")),
            request(DictOp.REPLACE_IF_EQUAL, value("k"), value(1), value(4)),
            request(DictOp.ENTRIES),
            request(DictOp.REMOVE, value("a"))));
    seeds.put(
        "list",
        script(
            ObjectType.LIST,
            -1,
            request(ListOp.ADD, value("x")),
            request(ListOp.ADD_ALL_AT, 0, list(value("y"), value("z"))),
            request(ListOp.SET, 1, value("w")),
            request(ListOp.REMOVE_RANGE, 0, 1),
            request(ListOp.SNAPSHOT_RANGE, 0, 1),
            request(ListOp.GET, 0)));
    seeds.put(
        "queue",
        script(
            ObjectType.JOINABLE_QUEUE,
            2,
            request(QueueOp.OFFER, value("job")),
            request(QueueOp.OFFER_WAIT, value("job2"), 1_000_000L),
            request(QueueOp.POLL_WAIT, 1_000_000L),
            request(QueueOp.DRAIN, 10),
            request(QueueOp.TASK_DONE),
            request(QueueOp.JOIN, 0L),
            request(QueueOp.POLL_WAIT, -1L),
            new Message.Cancel(9)));
    seeds.put(
        "lock",
        script(
            ObjectType.RLOCK,
            -1,
            request(LockOp.ACQUIRE, 1L, -1L),
            request(LockOp.ACQUIRE, 1L, 0L),
            request(LockOp.HOLD_COUNT, 1L),
            request(LockOp.AWAIT, "c", 1L, 1_000L),
            request(LockOp.SIGNAL_ALL, "c", 1L),
            request(LockOp.RELEASE, 1L)));
    seeds.put(
        "semaphore",
        script(
            ObjectType.BOUNDED_SEMAPHORE,
            2,
            request(SemaphoreOp.ACQUIRE, 2, -1L),
            request(SemaphoreOp.RELEASE, 1),
            request(SemaphoreOp.AVAILABLE)));
    seeds.put(
        "event-and-barrier",
        concat(
            script(ObjectType.EVENT, -1, request(EventOp.WAIT, 1_000L), request(EventOp.SET)),
            frame(request(20, 0, ManagerOp.OPEN, "b", ObjectType.BARRIER, 2)),
            frame(request(21, 2, BarrierOp.AWAIT, 1_000L)),
            frame(request(22, 2, BarrierOp.ABORT))));
    seeds.put(
        "value",
        script(
            ObjectType.VALUE,
            -1,
            request(ValueOp.INIT, value(1)),
            request(ValueOp.ADD_AND_GET, value(41)),
            request(ValueOp.COMPARE_AND_SET, value(42), value("s")),
            request(ValueOp.GET)));
    seeds.put(
        "namespace-and-pipe",
        concat(
            script(
                ObjectType.NAMESPACE,
                -1,
                request(NamespaceOp.SET, "attr", value(1.5)),
                request(NamespaceOp.NAMES)),
            frame(request(20, 0, ManagerOp.OPEN, "p", ObjectType.PIPE, 0)),
            frame(request(21, 2, PipeOp.SEND, 0, value("hi"))),
            frame(request(22, 2, PipeOp.RECV, 1, 1_000L)),
            frame(request(23, 2, PipeOp.CLOSE, 0))));
    seeds.put(
        "array",
        script(
            ObjectType.ARRAY,
            4,
            request(ArrayOp.INIT, "long"),
            request(ArrayOp.SET, 1, 5L),
            request(ArrayOp.ADD_AND_GET, 1, 2L),
            request(ArrayOp.COMPARE_AND_SET, 1, 7L, 8L),
            request(ArrayOp.SNAPSHOT)));
    seeds.put(
        "array-of-the-largest-length",
        script(ObjectType.ARRAY, Integer.MAX_VALUE, request(ArrayOp.INIT, "double")));
    seeds.put(
        "pool",
        script(
            ObjectType.POOL,
            -1,
            request(PoolOp.CONFIGURE, "tag", null, 0, 2),
            request(PoolOp.SUBMIT, 1L, 2, list(1L, new byte[] {1})),
            request(PoolOp.JOIN, "tag"),
            request(PoolOp.TAKE, -1L, 0, null, 1_000L),
            request(PoolOp.RESULTS, 1L, 0L),
            request(PoolOp.STATS)));
    seeds.put(
        "manager",
        concat(
            frame(request(1, 0, ManagerOp.OPEN, "d", ObjectType.DICT, -1)),
            frame(request(2, 0, ManagerOp.NAMES)),
            frame(request(3, 1, QueueOp.SIZE)),
            frame(request(4, 9, DictOp.SIZE)),
            frame(request(5, 0, ManagerOp.DELETE, "d")),
            frame(request(6, 1, DictOp.SIZE))));
    return seeds;
  }

  /** Opens an object of {@code type} named "o" as object 1, then sends {@code uses} to it. */
  private static byte[] script(ObjectType type, int parameter, Message... uses) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(frame(request(1, 0, ManagerOp.OPEN, "o", type, parameter)));
    long id = 2;
    for (Message use : uses) {
      out.writeBytes(
          frame(
              use instanceof Message.Request r
                  ? new Message.Request(id++, r.objectId(), r.op(), r.args())
                  : use));
    }
    return out.toByteArray();
  }

  /** A request to object 1; {@link #script} numbers it. */
  private static Message request(Op op, Object... args) {
    return request(0, 1, op, args);
  }

  static Message.Request request(long id, long objectId, Op op, Object... args) {
    return new Message.Request(id, objectId, op, list(args));
  }

  /** A whole frame, length prefix included, as the real codec writes it. */
  static byte[] frame(Message message) {
    Output output = new Output(256, -1);
    int length = Frames.frame(MESSAGES, output, message);
    return Arrays.copyOf(output.getBuffer(), length);
  }

  /** A user value as a client serializes it. */
  static byte[] value(Object value) {
    Output output = new Output(64, -1);
    VALUES.writeClassAndObject(output, value);
    return output.toBytes();
  }

  static ArrayList<Object> list(Object... items) {
    return new ArrayList<>(Arrays.asList(items));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] bytes(ByteBuf buffer) {
    byte[] bytes = ByteBufUtil.getBytes(buffer);
    buffer.release();
    return bytes;
  }
}
