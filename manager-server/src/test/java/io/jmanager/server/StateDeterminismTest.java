package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.ArrayOp;
import io.jmanager.protocol.BarrierOp;
import io.jmanager.protocol.DictOp;
import io.jmanager.protocol.EventOp;
import io.jmanager.protocol.ListOp;
import io.jmanager.protocol.LockOp;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.NamespaceOp;
import io.jmanager.protocol.ObjectOp;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.Op;
import io.jmanager.protocol.PipeOp;
import io.jmanager.protocol.PoolOp;
import io.jmanager.protocol.QueueOp;
import io.jmanager.protocol.SemaphoreOp;
import io.jmanager.protocol.ValueOp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The state is a function of its inputs: a seeded random run of opens, requests of every type,
 * cancels, expiries and closes, applied to two fresh states in one thread, gives the same answers
 * and the same digest, also when one of them is restored from its snapshot halfway.
 */
class StateDeterminismTest {
  private static final int STEPS = 3000;
  private static final long SECOND = 1_000_000_000L;
  private static final List<byte[]> VALUES =
      List.of(Client.value("a"), Client.value("b"), Client.value("cc"));

  /** A request to an object: its op and arguments, drawn at random. */
  private record Draw(Op op, Object... args) {}

  private interface Maker {
    Draw draw(Random random);
  }

  private final Map<ObjectType, Long> objects = new EnumMap<>(ObjectType.class);
  private final List<Long> openSessions = new ArrayList<>();
  private long lastSession;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 17, 2024})
  void sameInputs_giveTheSameAnswersAndDigests(long seed) throws IOException {
    run(seed, StateDriver.fresh(SnapshotTest.CONFIG), StateDriver.fresh(SnapshotTest.CONFIG));
  }

  /** As the durable mode runs: answers keep what they hand out until known delivered or not. */
  @ParameterizedTest
  @ValueSource(longs = {4, 5, 6, 7, 99})
  void sameInputsKeepingHandoffs_giveTheSameAnswersAndDigests(long seed) throws IOException {
    run(
        seed,
        StateDriver.fresh(SnapshotTest.CONFIG).keepingHandoffs(),
        StateDriver.fresh(SnapshotTest.CONFIG).keepingHandoffs());
  }

  private void run(long seed, StateDriver first, StateDriver second) throws IOException {
    Random random = new Random(seed);
    int restoredAt = 0;
    for (int step = 0; step < STEPS; step++) {
      if (step == STEPS / 2) {
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(parkedCalls(first) + first.pendingHandoffs().size())
            .as("calls parked and answers unsettled when restored")
            .isPositive();
        restoredAt = first.answers().size();
        second = second.restored();
      }
      Consumer<StateDriver> input = draw(random, first);
      input.accept(first);
      input.accept(second);
    }

    assertThat(first.answers()).hasSizeGreaterThan(STEPS / 2);
    assertThat(second.answers())
        .isEqualTo(first.answers().subList(restoredAt, first.answers().size()));
    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(second.usedMemory()).isEqualTo(first.usedMemory());
  }

  private static int parkedCalls(StateDriver driver) {
    int[] count = {0};
    driver.state().forEachWaiter(waiter -> count[0]++);
    return count[0];
  }

  /** The next input, drawn from the state of {@code driver}, which both drivers are in. */
  private Consumer<StateDriver> draw(Random random, StateDriver driver) {
    if (objects.isEmpty()) {
      return this::openEverything;
    }
    int dice = random.nextInt(100);
    if (dice < 2 || openSessions.size() < 3) {
      long session = ++lastSession;
      openSessions.add(session);
      return d -> d.open(session);
    }
    long session = openSessions.get(random.nextInt(openSessions.size()));
    if (dice < 3) {
      openSessions.remove(Long.valueOf(session));
      return d -> d.close(session);
    }
    List<Waiters.Waiter<?>> parked = new ArrayList<>();
    driver.state().forEachWaiter(parked::add);
    if (dice < 7 && !parked.isEmpty()) {
      Waiters.Waiter<?> waiter = parked.get(random.nextInt(parked.size()));
      long owner = waiter.call.session().id();
      long request = waiter.call.id();
      return dice < 5 ? d -> d.cancel(owner, request) : d -> d.expire(owner, request);
    }
    if (dice < 9) {
      return manager(random, session);
    }
    List<long[]> pending = driver.pendingHandoffs();
    if (dice < 25 && !pending.isEmpty()) {
      long[] answer = pending.get(random.nextInt(pending.size()));
      return dice < 20
          ? d -> d.acknowledged(answer[0], answer[1])
          : d -> d.undeliverable(answer[0], answer[1]);
    }
    ObjectType type = ObjectType.values()[random.nextInt(ObjectType.values().length)];
    List<Maker> makers = MAKERS.get(type);
    Draw request = makers.get(random.nextInt(makers.size())).draw(random);
    long object = objects.get(type);
    return d -> d.request(session, object, request.op(), request.args());
  }

  private Consumer<StateDriver> manager(Random random, long session) {
    return switch (random.nextInt(3)) {
      case 0 -> d -> d.request(session, 0, ManagerOp.CREATE, ObjectType.QUEUE, 1, null);
      case 1 -> d -> d.request(session, 0, ManagerOp.RELEASE_LOCK, "LOCK");
      default -> d -> d.request(session, 0, ManagerOp.SESSIONS);
    };
  }

  /** Opens session 1 and one object of every type, named after its type. */
  private void openEverything(StateDriver driver) {
    lastSession = Math.max(lastSession, 1);
    if (!openSessions.contains(1L)) {
      openSessions.add(1L);
    }
    driver.open(1);
    for (ObjectType type : ObjectType.values()) {
      Object[] more =
          type == ObjectType.OBJECT
              ? new Object[] {SnapshotTest.Counter.class.getName()}
              : new Object[0];
      objects.put(type, driver.object(1, type.name(), type, parameter(type), more));
    }
    driver.request(1, objects.get(ObjectType.ARRAY), ArrayOp.INIT, "long");
  }

  private static int parameter(ObjectType type) {
    return switch (type) {
      case QUEUE, JOINABLE_QUEUE, SEMAPHORE, BOUNDED_SEMAPHORE -> 2;
      case BARRIER -> 3;
      case ARRAY -> 4;
      case PIPE -> 0;
      default -> -1;
    };
  }

  private static byte[] value(Random random) {
    return VALUES.get(random.nextInt(VALUES.size()));
  }

  private static long timeout(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> 0L;
      case 1, 2 -> -1L;
      default -> 5 * SECOND;
    };
  }

  private static long thread(Random random) {
    return 1 + random.nextInt(2);
  }

  private static final Map<ObjectType, List<Maker>> MAKERS = makers();

  private static Map<ObjectType, List<Maker>> makers() {
    Map<ObjectType, List<Maker>> makers = new EnumMap<>(ObjectType.class);
    makers.put(
        ObjectType.DICT,
        List.of(
            r -> new Draw(DictOp.PUT, value(r), value(r)),
            r -> new Draw(DictOp.REMOVE, value(r)),
            r -> new Draw(DictOp.PUT_IF_ABSENT, value(r), value(r)),
            r -> new Draw(DictOp.ENTRIES)));
    makers.put(
        ObjectType.LIST,
        List.of(
            r -> new Draw(ListOp.ADD, value(r)),
            r -> new Draw(ListOp.REMOVE, value(r)),
            r -> new Draw(ListOp.SNAPSHOT)));
    List<Maker> queue =
        List.of(
            r -> new Draw(QueueOp.OFFER_WAIT, value(r), timeout(r)),
            r -> new Draw(QueueOp.POLL_WAIT, timeout(r)),
            r -> new Draw(QueueOp.DRAIN, 2),
            r -> new Draw(QueueOp.SNAPSHOT_IDS),
            r -> new Draw(QueueOp.TASK_DONE),
            r -> new Draw(QueueOp.JOIN, timeout(r)));
    makers.put(ObjectType.QUEUE, queue);
    makers.put(ObjectType.JOINABLE_QUEUE, queue);
    List<Maker> lock =
        List.of(
            r -> new Draw(LockOp.ACQUIRE, thread(r), timeout(r)),
            r -> new Draw(LockOp.RELEASE, thread(r)),
            r -> new Draw(LockOp.AWAIT, "c", thread(r), timeout(r)),
            r -> new Draw(LockOp.SIGNAL, "c", thread(r)),
            r -> new Draw(LockOp.SIGNAL_ALL, "c", thread(r)));
    makers.put(ObjectType.LOCK, lock);
    makers.put(ObjectType.RLOCK, lock);
    List<Maker> semaphore =
        List.of(
            r -> new Draw(SemaphoreOp.ACQUIRE, 1 + r.nextInt(2), timeout(r)),
            r -> new Draw(SemaphoreOp.RELEASE, 1 + r.nextInt(2)),
            r -> new Draw(SemaphoreOp.AVAILABLE));
    makers.put(ObjectType.SEMAPHORE, semaphore);
    makers.put(ObjectType.BOUNDED_SEMAPHORE, semaphore);
    makers.put(
        ObjectType.EVENT,
        List.of(
            r -> new Draw(EventOp.WAIT, timeout(r)),
            r -> new Draw(EventOp.SET),
            r -> new Draw(EventOp.CLEAR)));
    makers.put(
        ObjectType.BARRIER,
        List.of(
            r -> new Draw(BarrierOp.AWAIT, timeout(r)),
            r -> new Draw(BarrierOp.RESET),
            r -> new Draw(BarrierOp.CONFIGURE, value(r), 3 * SECOND)));
    makers.put(
        ObjectType.VALUE,
        List.of(
            r -> new Draw(ValueOp.SET, value(r)),
            r -> new Draw(ValueOp.COMPARE_AND_SET, value(r), value(r))));
    makers.put(
        ObjectType.NAMESPACE,
        List.of(
            r -> new Draw(NamespaceOp.SET, "n" + r.nextInt(3), value(r)),
            r -> new Draw(NamespaceOp.DELETE, "n" + r.nextInt(3))));
    makers.put(
        ObjectType.PIPE,
        List.of(
            r -> new Draw(PipeOp.HOLD, r.nextInt(2)),
            r -> new Draw(PipeOp.SEND, r.nextInt(2), value(r)),
            r -> new Draw(PipeOp.RECV, r.nextInt(2), timeout(r)),
            r -> new Draw(PipeOp.POLL, r.nextInt(2), timeout(r)),
            r -> new Draw(PipeOp.SHARE, r.nextInt(2)),
            r -> new Draw(PipeOp.CLAIM, r.nextInt(2), (long) r.nextInt(4)),
            r -> new Draw(PipeOp.CLOSE, r.nextInt(2))));
    makers.put(
        ObjectType.ARRAY,
        List.of(
            r -> new Draw(ArrayOp.ADD_AND_GET, r.nextInt(4), (long) r.nextInt(9)),
            r -> new Draw(ArrayOp.SNAPSHOT)));
    makers.put(ObjectType.OBJECT, List.of(r -> new Draw(ObjectOp.CALL, "next()", Client.list())));
    makers.put(
        ObjectType.POOL,
        List.of(
            r -> new Draw(PoolOp.CONFIGURE, 1L, "t" + r.nextInt(2), null, 0),
            r -> new Draw(PoolOp.JOIN, r.nextBoolean() ? null : "t" + r.nextInt(2)),
            r -> new Draw(PoolOp.SUBMIT, 1L, 2, Client.list((long) r.nextInt(50), value(r))),
            r -> new Draw(PoolOp.TAKE, (long) r.nextInt(4) - 1, PoolOp.DONE, value(r), timeout(r)),
            r -> new Draw(PoolOp.RESULTS, 1L, timeout(r)),
            r -> new Draw(PoolOp.CANCEL, 1L, Client.list((long) r.nextInt(50))),
            r -> new Draw(PoolOp.RETIRE, "t" + r.nextInt(2)),
            r -> new Draw(PoolOp.STATS)));
    return makers;
  }
}
