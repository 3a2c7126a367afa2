package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.ArrayOp;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.Op;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live-socket fuzzing: mutated frames over real TCP connections to an in-process server, one in
 * five before authentication. Each connection writes its frames, shuts its output, and must be
 * answered and closed within a second; every hundred connections a probe must be answered within a
 * second, and an error in the server's log is a crash. It runs for {@code -Djmanager.fuzz.seconds}
 * (3 by default) from the seed {@code -Djmanager.fuzz.seed} (random by default; printed, with the
 * counts). Afterwards the server serves a normal client and holds the data written before the run
 * unchanged ({@link GuardedServer}).
 */
class SocketFuzzIT {
  @RegisterExtension static final GuardedServer server = new GuardedServer();

  private static final Duration PROMPTLY = Duration.ofSeconds(1);

  private final ValueCodec values = new ValueCodec(Map.of());
  private final Map<ObjectType, Long> pool = new EnumMap<>(ObjectType.class);
  private final List<ObjectType> types = List.of(ObjectType.values());
  private Random random;
  private FrameMutator mutator;
  private long frames;
  private long mutated;
  private long connections;

  @Test
  void mutatedFrames_areAnsweredOrClosedWithinASecond_andNeverCrashTheServer() throws IOException {
    long seed = Long.getLong("jmanager.fuzz.seed", new Random().nextLong());
    Duration duration = Duration.ofSeconds(Long.getLong("jmanager.fuzz.seconds", 3));
    random = new Random(seed);
    mutator = new FrameMutator(random);
    openPool();
    ServerErrors errors = new ServerErrors();
    List<Long> hung = new ArrayList<>();
    List<Long> unanswered = new ArrayList<>();
    long start = System.nanoTime();
    errors.attach();
    try {
      while (System.nanoTime() - start < duration.toNanos()) {
        if (!fuzzOneConnection()) {
          hung.add(connections);
        }
        if (connections % 100 == 0 && !probeAnswers()) {
          unanswered.add(connections);
        }
      }
      System.out.printf(
          "socket fuzz, seed %d: fuzzed %d frames (%d mutated) over %d connections in %d s:"
              + " %d crashes, %d hangs%n",
          seed,
          frames,
          mutated,
          connections,
          Duration.ofNanos(System.nanoTime() - start).toSeconds(),
          errors.errors().size() + unanswered.size(),
          hung.size());
    } finally {
      errors.detach();
    }

    assertThat(errors.errors()).as("server errors").isEmpty();
    assertThat(unanswered).as("probes unanswered after connection").isEmpty();
    assertThat(hung).as("connections still open a second after their last byte").isEmpty();
    assertThat(probeAnswers()).isTrue();
  }

  /** One fuzzed connection; whether the server closed it within a second of its last byte. */
  private boolean fuzzOneConnection() throws IOException {
    connections++;
    boolean authenticated = random.nextInt(5) != 0;
    try (RawClient client =
        authenticated
            ? new RawClient(server.port(), GuardedServer.KEY)
            : RawClient.unauthenticated(server.port())) {
      client.write(authenticated ? authenticatedTraffic() : anonymousTraffic(client));
      client.shutdownOutput();
      return client.closedWithin(PROMPTLY);
    }
  }

  private byte[] authenticatedTraffic() {
    List<byte[]> parts = new ArrayList<>();
    for (int i = random.nextInt(8); i >= 0; i--) {
      byte[] frame = RawClient.frame(request(i + 1));
      int dice = random.nextInt(20);
      parts.add(
          dice < 6
              ? frame
              : dice < 17
                  ? mutator.mutate(frame)
                  : dice < 19 ? mutator.garbage() : mutator.badLength(frame));
      mutated += dice < 6 ? 0 : 1;
    }
    frames += parts.size();
    return FrameMutator.concat(parts.toArray(byte[][]::new));
  }

  private byte[] anonymousTraffic(RawClient client) {
    byte[] auth = client.authFrame(GuardedServer.KEY);
    List<byte[]> parts = new ArrayList<>();
    for (int i = random.nextInt(3); i >= 0; i--) {
      parts.add(
          switch (random.nextInt(5)) {
            case 0 -> mutator.anything(auth);
            case 1 -> Arrays.copyOf(auth, random.nextInt(auth.length));
            case 2 -> mutator.anything(RawClient.frame(request(1)));
            case 3 -> mutator.garbage();
            default -> mutator.badLength(auth);
          });
    }
    frames += parts.size();
    mutated += parts.size();
    return FrameMutator.concat(parts.toArray(byte[][]::new));
  }

  /** A plausible request to one of the pool's objects, or to the manager. */
  private Message.Request request(long id) {
    if (random.nextInt(8) == 0) {
      String name = "fuzz-" + random.nextInt(8);
      return switch (random.nextInt(3)) {
        case 0 -> new Message.Request(id, 0, ManagerOp.NAMES, new ArrayList<>());
        case 1 -> new Message.Request(id, 0, ManagerOp.DELETE, list(name));
        default -> {
          ObjectType type = types.get(random.nextInt(types.size()));
          yield new Message.Request(id, 0, ManagerOp.OPEN, list(name, type, random.nextInt(4) - 1));
        }
      };
    }
    ObjectType type = types.get(random.nextInt(types.size()));
    List<Op> ops = type.ops();
    ArrayList<Object> args = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      args.add(argument());
    }
    return new Message.Request(id, pool.get(type), ops.get(random.nextInt(ops.size())), args);
  }

  private Object argument() {
    return switch (random.nextInt(10)) {
      case 0, 1, 2, 3 ->
          values.encode(random.nextBoolean() ? random.nextInt(100) : "v" + random.nextInt(9));
      case 4, 5 -> random.nextInt(4) - 1;
      case 6 -> (long) (random.nextInt(3) - 1) * 1_000_000;
      case 7 -> List.of("int", "long", "double", "c").get(random.nextInt(4));
      case 8 -> list(values.encode(random.nextInt(9)), values.encode("w"));
      default -> null;
    };
  }

  /** Opens one object of each type, named "pool-...", for the fuzzed requests to use. */
  private void openPool() throws IOException {
    try (RawClient client = new RawClient(server.port(), GuardedServer.KEY)) {
      for (ObjectType type : types) {
        String name = "pool-" + type;
        int parameter = type == ObjectType.ARRAY ? 16 : type == ObjectType.BARRIER ? 2 : -1;
        if (type == ObjectType.OBJECT) {
          client.send(0, ManagerOp.OPEN, name, type, parameter, Tally.class.getName());
        } else {
          client.send(0, ManagerOp.OPEN, name, type, parameter);
        }
        pool.put(type, (Long) ((List<?>) ((Message.Reply) client.read()).value()).get(0));
      }
      client.send(pool.get(ObjectType.ARRAY), ArrayOp.INIT, "long");
      client.read();
    }
  }

  private static boolean probeAnswers() {
    try (RawClient client = new RawClient(server.port(), GuardedServer.KEY)) {
      client.readTimeout(PROMPTLY);
      client.send(0, ManagerOp.NAMES);
      return client.read() instanceof Message.Reply;
    } catch (IOException e) {
      return false;
    }
  }

  private static ArrayList<Object> list(Object... items) {
    return new ArrayList<>(Arrays.asList(items));
  }
}
