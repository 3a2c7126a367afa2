package io.jmanager.protocol;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.EnumSerializer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kryo that reads and writes {@link Message}s. Registration is required and every class has a
 * fixed id in the one list below, so nothing outside it is ever instantiated; lengths are checked
 * against the bytes actually present before anything is allocated, and nesting is bounded.
 *
 * <p>Ids 0 to 9 are Kryo's primitives and String; user values never appear here, only their bytes.
 */
public final class ProtocolKryo {
  /** Deepest nesting of lists accepted in a message. */
  static final int MAX_DEPTH = 8;

  private ProtocolKryo() {}

  /** Heap an object header and the reference to it take, as counted for a {@link DecodeMeter}. */
  private static final int OBJECT_BYTES = 24;

  /** Returns a new Kryo for one channel; Kryo is not thread-safe, so never share it. */
  public static Kryo create() {
    return configure(new Kryo(new IdsOnlyClassResolver(), null));
  }

  /** As {@link #create()}, charging {@code meter} for what each decode allocates. */
  public static Kryo create(DecodeMeter meter) {
    return configure(new Metered(meter));
  }

  /** A Kryo that charges a meter as it reads. */
  private static final class Metered extends Kryo {
    final DecodeMeter meter;

    Metered(DecodeMeter meter) {
      super(new IdsOnlyClassResolver(), null);
      this.meter = meter;
    }
  }

  /** Charges the meter of {@code kryo}, if it has one, for {@code bytes} about to be allocated. */
  private static void charge(Kryo kryo, long bytes) {
    if (kryo instanceof Metered metered) {
      metered.meter.charge(bytes);
    }
  }

  private static Kryo configure(Kryo kryo) {
    kryo.setRegistrationRequired(true);
    // readItems refuses deeper lists first; this bounds any recursion a later serializer adds.
    kryo.setMaxDepth(MAX_DEPTH + 2);
    kryo.setReferences(false);
    kryo.register(String.class, new StringSerializer(), 1);
    kryo.register(byte[].class, new BytesSerializer(), 10);
    kryo.register(ArrayList.class, new ListSerializer(), 11);
    kryo.register(ObjectType.class, new EnumSerializer(ObjectType.class), 12);
    kryo.register(ErrorCode.class, new EnumSerializer(ErrorCode.class), 13);
    kryo.register(Message.Request.class, new RequestSerializer(), 20);
    kryo.register(Message.Reply.class, new ReplySerializer(), 21);
    kryo.register(Message.Failure.class, new FailureSerializer(), 22);
    kryo.register(Message.Cancel.class, new CancelSerializer(), 23);
    kryo.register(Message.Goodbye.class, new GoodbyeSerializer(), 24);
    kryo.register(Message.Ack.class, new AckSerializer(), 25);
    return kryo;
  }

  /** Reads a length and checks that at least that many bytes remain in the input. */
  static int readLength(Input input, int bytesPerItem) {
    int length = input.readVarInt(true);
    long available = (long) input.limit() - input.position();
    if (length < 0 || (long) length * bytesPerItem > available) {
      throw new KryoException("length " + length + " exceeds the " + available + " bytes left");
    }
    return length;
  }

  private static final class StringSerializer extends Serializer<String> {
    StringSerializer() {
      setAcceptsNull(true);
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, String value) {
      if (value == null) {
        output.writeVarInt(0, true);
        return;
      }
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      output.writeVarInt(utf8.length + 1, true);
      output.writeBytes(utf8);
    }

    @Override
    public String read(Kryo kryo, Input input, Class<? extends String> type) {
      int lengthPlusOne = readLength(input, 0);
      if (lengthPlusOne == 0) {
        return null;
      }
      int length = lengthPlusOne - 1;
      if (length > input.limit() - input.position()) {
        throw new KryoException("string length " + length + " exceeds the frame");
      }
      // the bytes read, then the string's own array of up to two bytes a char
      charge(kryo, OBJECT_BYTES + 3L * length);
      return new String(input.readBytes(length), StandardCharsets.UTF_8);
    }
  }

  private static final class BytesSerializer extends Serializer<byte[]> {
    @Override
    public void write(Kryo kryo, Output output, byte[] value) {
      output.writeVarInt(value.length, true);
      output.writeBytes(value);
    }

    @Override
    public byte[] read(Kryo kryo, Input input, Class<? extends byte[]> type) {
      int length = readLength(input, 1);
      charge(kryo, length);
      return input.readBytes(length);
    }
  }

  private static final class ListSerializer extends Serializer<ArrayList<Object>> {
    @Override
    public void write(Kryo kryo, Output output, ArrayList<Object> list) {
      writeItems(kryo, output, list);
    }

    @Override
    public ArrayList<Object> read(Kryo kryo, Input input, Class<? extends ArrayList<Object>> type) {
      return readItems(kryo, input);
    }
  }

  static void writeItems(Kryo kryo, Output output, List<Object> items) {
    output.writeVarInt(items.size(), true);
    for (Object item : items) {
      kryo.writeClassAndObject(output, item);
    }
  }

  static ArrayList<Object> readItems(Kryo kryo, Input input) {
    if (kryo.getDepth() > MAX_DEPTH) {
      throw new KryoException("lists nested deeper than " + MAX_DEPTH);
    }
    int size = readLength(input, 1);
    charge(kryo, OBJECT_BYTES + 4L * size);
    ArrayList<Object> items = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      items.add(readValue(kryo, input));
    }
    return items;
  }

  /** Reads an argument or a reply's value: any registered type but a message. */
  static Object readValue(Kryo kryo, Input input) {
    charge(kryo, OBJECT_BYTES);
    Object value = kryo.readClassAndObject(input);
    if (value instanceof Message) {
      throw new KryoException("a message cannot be a value");
    }
    return value;
  }

  /** Refuses a null where a writer never puts one, so that every decoded message re-encodes. */
  private static <T> T present(T value, String what) {
    if (value == null) {
      throw new KryoException(what + " is missing");
    }
    return value;
  }

  private static final class RequestSerializer extends Serializer<Message.Request> {
    /** The manager's ops, read once: {@code values()} copies its array at every call. */
    private static final List<ManagerOp> MANAGER_OPS = List.of(ManagerOp.values());

    @Override
    public void write(Kryo kryo, Output output, Message.Request request) {
      output.writeVarLong(request.id(), true);
      output.writeVarLong(request.objectId(), true);
      ObjectType type = request.op().type();
      output.writeVarInt(type == null ? 0 : type.ordinal() + 1, true);
      output.writeVarInt(request.op().ordinal(), true);
      writeItems(kryo, output, request.args());
    }

    @Override
    public Message.Request read(Kryo kryo, Input input, Class<? extends Message.Request> type) {
      long id = input.readVarLong(true);
      long objectId = input.readVarLong(true);
      int typeIndex = input.readVarInt(true);
      int opIndex = input.readVarInt(true);
      Op op = op(typeIndex, opIndex);
      try {
        return new Message.Request(id, objectId, op, readItems(kryo, input));
      } catch (DecodeMeter.Refused refused) {
        throw new DecodeMeter.Refused(id, refused.getMessage());
      }
    }

    private static Op op(int typeIndex, int opIndex) {
      try {
        if (typeIndex == 0) {
          if (opIndex >= MANAGER_OPS.size()) {
            throw new IllegalArgumentException("unknown manager op " + opIndex);
          }
          return MANAGER_OPS.get(opIndex);
        }
        return ObjectType.ofOrdinal(typeIndex - 1).op(opIndex);
      } catch (IllegalArgumentException e) {
        throw new KryoException(e.getMessage(), e);
      }
    }
  }

  private static final class ReplySerializer extends Serializer<Message.Reply> {
    @Override
    public void write(Kryo kryo, Output output, Message.Reply reply) {
      output.writeVarLong(reply.id(), true);
      kryo.writeClassAndObject(output, reply.value());
    }

    @Override
    public Message.Reply read(Kryo kryo, Input input, Class<? extends Message.Reply> type) {
      return new Message.Reply(input.readVarLong(true), readValue(kryo, input));
    }
  }

  private static final class FailureSerializer extends Serializer<Message.Failure> {
    @Override
    public void write(Kryo kryo, Output output, Message.Failure failure) {
      output.writeVarLong(failure.id(), true);
      kryo.writeObject(output, failure.code());
      kryo.writeObject(output, failure.message());
    }

    @Override
    public Message.Failure read(Kryo kryo, Input input, Class<? extends Message.Failure> type) {
      return new Message.Failure(
          input.readVarLong(true),
          present(kryo.readObject(input, ErrorCode.class), "a failure's code"),
          present(kryo.readObject(input, String.class), "a failure's message"));
    }
  }

  private static final class CancelSerializer extends Serializer<Message.Cancel> {
    @Override
    public void write(Kryo kryo, Output output, Message.Cancel cancel) {
      output.writeVarLong(cancel.id(), true);
    }

    @Override
    public Message.Cancel read(Kryo kryo, Input input, Class<? extends Message.Cancel> type) {
      return new Message.Cancel(input.readVarLong(true));
    }
  }

  private static final class AckSerializer extends Serializer<Message.Ack> {
    @Override
    public void write(Kryo kryo, Output output, Message.Ack ack) {
      output.writeVarInt(ack.ids().length, true);
      for (long id : ack.ids()) {
        output.writeVarLong(id, true);
      }
    }

    @Override
    public Message.Ack read(Kryo kryo, Input input, Class<? extends Message.Ack> type) {
      int count = readLength(input, 1);
      charge(kryo, OBJECT_BYTES + 8L * count);
      long[] ids = new long[count];
      for (int i = 0; i < count; i++) {
        ids[i] = input.readVarLong(true);
      }
      return new Message.Ack(ids);
    }
  }

  private static final class GoodbyeSerializer extends Serializer<Message.Goodbye> {
    @Override
    public void write(Kryo kryo, Output output, Message.Goodbye goodbye) {
      kryo.writeObject(output, goodbye.reason());
    }

    @Override
    public Message.Goodbye read(Kryo kryo, Input input, Class<? extends Message.Goodbye> type) {
      return new Message.Goodbye(present(kryo.readObject(input, String.class), "a reason"));
    }
  }
}
