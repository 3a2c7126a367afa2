package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.jmanager.protocol.PipeOp;
import io.jmanager.protocol.PoolOp;
import io.jmanager.protocol.QueueOp;
import io.jmanager.protocol.SemaphoreOp;
import io.jmanager.protocol.ValueOp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SnapshotTest {
  /** A user type for OBJECT: a counter whose state is one field. */
  public interface Counter {
    /** The next number. */
    int next();
  }

  /** The counter's implementation: installing the type lets snapshots hold its instances. */
  public static final class CountingCounter implements Counter {
    private int count;

    @Override
    public int next() {
      return ++count;
    }
  }

  /** A counter that also holds a class registered nowhere. */
  public static final class MarkedCounter implements Counter {
    private final Marker marker = new Marker();
    private int count;

    @Override
    public int next() {
      return ++count;
    }
  }

  /** A class not registered with --value-class. */
  public static final class Marker {}

  static final ServerConfig CONFIG =
      ServerConfig.builder().type(Counter.class.getName(), CountingCounter.class.getName()).build();

  private static final long FOREVER = -1;

  /** The types whose answers hand something out, to be put back if undelivered. */
  private static final Set<ObjectType> HANDING_OUT =
      EnumSet.of(
          ObjectType.QUEUE,
          ObjectType.JOINABLE_QUEUE,
          ObjectType.LOCK,
          ObjectType.RLOCK,
          ObjectType.SEMAPHORE,
          ObjectType.BOUNDED_SEMAPHORE,
          ObjectType.PIPE,
          ObjectType.POOL);

  private static final long SECOND = 1_000_000_000L;
  private static final byte[] A = Client.value("a");
  private static final byte[] B = Client.value("b");
  private static final byte[] C = Client.value("c");

  /** Inputs that leave data, parked calls and holdings behind, then inputs that serve them. */
  private interface Scenario {
    void setUp(StateDriver driver);

    void then(StateDriver driver);
  }

  @ParameterizedTest
  @EnumSource(ObjectType.class)
  void restoredState_writesTheSameBytes(ObjectType type) throws IOException {
    StateDriver original = driverWith(scenario(type));
    byte[] snapshot = original.snapshot();

    StateDriver restored = original.restore(snapshot, CONFIG);

    assertThat(restored.snapshot()).isEqualTo(snapshot);
    assertThat(restored.digest()).isEqualTo(original.digest());
    assertThat(restored.usedMemory()).isEqualTo(original.usedMemory());
  }

  @ParameterizedTest
  @EnumSource(ObjectType.class)
  void restoredState_answersFurtherRequestsAsTheOriginal(ObjectType type) throws IOException {
    Scenario scenario = scenario(type);
    StateDriver original = driverWith(scenario);
    StateDriver restored = original.restored();
    int before = original.answers().size();

    scenario.then(original);
    scenario.then(restored);

    List<String> further = original.answers().subList(before, original.answers().size());
    assertThat(further).isNotEmpty();
    assertThat(restored.answers()).isEqualTo(further);
    assertThat(restored.digest()).isEqualTo(original.digest());
    assertThat(restored.usedMemory()).isEqualTo(original.usedMemory());
  }

  @ParameterizedTest
  @EnumSource(ObjectType.class)
  void restoredHandoffs_putBackWhatUndeliveredAnswersCarried(ObjectType type) throws IOException {
    Scenario scenario = scenario(type);
    StateDriver original = StateDriver.fresh(CONFIG).keepingHandoffs();
    scenario.setUp(original);
    scenario.then(original);
    if (HANDING_OUT.contains(type)) {
      assertThat(original.pendingHandoffs()).isNotEmpty();
    }
    byte[] snapshot = original.snapshot();
    StateDriver restored = original.restore(snapshot, CONFIG);
    int before = original.answers().size();

    assertThat(restored.snapshot()).isEqualTo(snapshot);
    for (StateDriver driver : List.of(original, restored)) {
      driver.pendingHandoffs().forEach(pending -> driver.undeliverable(pending[0], pending[1]));
      scenario.then(driver);
    }

    assertThat(restored.answers())
        .isEqualTo(original.answers().subList(before, original.answers().size()));
    assertThat(restored.digest()).isEqualTo(original.digest());
    assertThat(restored.usedMemory()).isEqualTo(original.usedMemory());
  }

  @Test
  void restoredKeptAnswers_areThoseNotAcknowledged_inTheOrderSent() throws IOException {
    StateDriver original = StateDriver.fresh(CONFIG).keepingHandoffs();
    original.open(1);
    long queue = original.object(1, "q", ObjectType.QUEUE, 0);
    long offer = original.request(1, queue, QueueOp.OFFER, A);
    original.request(1, queue, QueueOp.SIZE);
    original.acknowledged(1, offer);

    StateDriver restored = original.restored();

    assertThat(original.kept(1)).hasSize(2);
    assertThat(restored.kept(1)).isEqualTo(original.kept(1));
  }

  @Test
  void restoredHandoffOfAJoinableQueue_settlesTheVeryItemItsSessionOwes() throws IOException {
    StateDriver original = StateDriver.fresh(CONFIG).keepingHandoffs();
    original.open(1);
    original.open(2);
    long queue = original.object(1, "q", ObjectType.JOINABLE_QUEUE, 0);
    original.request(1, queue, QueueOp.ADD_ALL, Client.list(A, B, A));
    long first = original.request(2, queue, QueueOp.POLL);
    original.acknowledged(2, original.request(2, queue, QueueOp.POLL));
    original.acknowledged(2, original.request(2, queue, QueueOp.POLL));
    StateDriver restored = original.restored();
    int before = original.answers().size();

    for (StateDriver driver : List.of(original, restored)) {
      driver.undeliverable(2, first);
      driver.close(2);
      driver.request(1, queue, QueueOp.SNAPSHOT_IDS);
    }

    assertThat(restored.answers())
        .isEqualTo(original.answers().subList(before, original.answers().size()));
    assertThat(restored.digest()).isEqualTo(original.digest());
  }

  @Test
  void restoredState_refusesWithTheLimitsItWasWrittenWith() throws IOException {
    StateDriver original = StateDriver.fresh(CONFIG);
    ManagerState.Limits limits = new ManagerState.Limits(1 << 20, 5, 7);
    original.state().limits(limits);

    assertThat(original.restored().state().limits()).isEqualTo(limits);
  }

  @Test
  void restoredParkedTake_isServedByAnOffer() throws IOException {
    StateDriver original = StateDriver.fresh(CONFIG);
    original.open(1);
    original.open(2);
    long queue = original.object(1, "q", ObjectType.QUEUE, 0);
    original.request(2, queue, QueueOp.POLL_WAIT, FOREVER);
    StateDriver restored = original.restored();

    restored.request(1, queue, QueueOp.OFFER, A);

    assertThat(restored.answers()).hasSize(2);
    assertThat(restored.state().session(2).isQuiet()).isTrue();
  }

  @Test
  void restoredLockHoldersRelease_handsTheLockToTheRestoredWaiter() throws IOException {
    StateDriver original = StateDriver.fresh(CONFIG);
    original.open(1);
    original.open(2);
    long lock = original.object(1, "l", ObjectType.LOCK, -1);
    original.request(1, lock, LockOp.ACQUIRE, 1L, FOREVER);
    original.request(2, lock, LockOp.ACQUIRE, 2L, FOREVER);
    StateDriver restored = original.restored();

    restored.request(1, lock, LockOp.RELEASE, 1L);

    assertThat(restored.state().session(1).isQuiet()).isTrue();
    assertThat(restored.state().session(2).held()).extracting(SharedObject::id).contains(lock);
  }

  @Test
  void restoredDeadlines_areVisitedToBeArmed() throws IOException {
    StateDriver original = StateDriver.fresh(CONFIG);
    original.open(1);
    long event = original.object(1, "e", ObjectType.EVENT, -1);
    long timed = original.request(1, event, EventOp.WAIT, 5 * SECOND);
    original.request(1, event, EventOp.WAIT, FOREVER);
    StateDriver restored = original.restored();
    List<Long> deadlines = new java.util.ArrayList<>();

    restored.state().forEachWaiter(waiter -> deadlines.add(waiter.deadline()));

    assertThat(deadlines)
        .containsExactly(original.state().session(1).waiter(timed).deadline(), Long.MAX_VALUE);
  }

  @Test
  void truncatedSnapshot_failsNamingWhatWasRead() {
    StateDriver original = everyType();
    byte[] snapshot = original.snapshot();

    for (int length = 0; length < snapshot.length; length++) {
      byte[] cut = Arrays.copyOf(snapshot, length);
      assertThatThrownBy(() -> original.restore(cut, CONFIG))
          .as("cut at %d of %d", length, snapshot.length)
          .isInstanceOf(SnapshotFormatException.class)
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void snapshotWithAFlippedByte_fails() {
    StateDriver original = everyType();
    byte[] snapshot = original.snapshot();

    for (int at = 0; at < snapshot.length; at++) {
      byte[] flipped = snapshot.clone();
      flipped[at] ^= 0x10;
      assertThatThrownBy(() -> original.restore(flipped, CONFIG))
          .as("byte %d of %d", at, snapshot.length)
          .isInstanceOf(SnapshotFormatException.class);
    }
  }

  @Test
  void snapshotOfAnotherVersion_isRefused() {
    byte[] snapshot = everyType().snapshot();
    snapshot[7]++;

    assertThatThrownBy(() -> everyType().restore(snapshot, CONFIG))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("format " + (Snapshot.VERSION + 1));
  }

  @Test
  void userTypeWhoseFieldHoldsAnUnregisteredClass_cannotBeWritten_andTheErrorSaysWhichOption() {
    ServerConfig unregistered =
        ServerConfig.builder().type(Counter.class.getName(), MarkedCounter.class.getName()).build();
    StateDriver driver = StateDriver.fresh(unregistered);
    driver.open(1);
    driver.object(1, "c", ObjectType.OBJECT, -1, Counter.class.getName());

    assertThatThrownBy(driver::snapshot)
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(MarkedCounter.class.getName())
        .hasMessageContaining("--value-class");
  }

  @Test
  void durableServer_refusesAtStartAType_whoseFieldHoldsAFinalClassNotRegistered() {
    ServerConfig.Builder durable =
        ServerConfig.builder()
            .dataDir(Path.of("never-created"))
            .type(Counter.class.getName(), MarkedCounter.class.getName());

    assertThatThrownBy(() -> new Registry(durable.build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(MarkedCounter.class.getName())
        .hasMessageContaining("marker")
        .hasMessageContaining(Marker.class.getName())
        .hasMessageContaining("--value-class");
    assertThatCode(() -> new Registry(durable.valueClass(Marker.class.getName()).build()))
        .doesNotThrowAnyException();
    ServerConfig inMemory =
        ServerConfig.builder().type(Counter.class.getName(), MarkedCounter.class.getName()).build();
    assertThatCode(() -> new Registry(inMemory)).as("in memory").doesNotThrowAnyException();
  }

  /** One object of every type, each with its scenario's state. */
  static StateDriver everyType() {
    StateDriver driver = StateDriver.fresh(CONFIG);
    for (ObjectType type : ObjectType.values()) {
      scenario(type).setUp(driver);
    }
    return driver;
  }

  private static StateDriver driverWith(Scenario scenario) {
    StateDriver driver = StateDriver.fresh(CONFIG);
    scenario.setUp(driver);
    return driver;
  }

  /** Each type's scenario; the switch is exhaustive, so a new type does not compile without one. */
  private static Scenario scenario(ObjectType type) {
    return switch (type) {
      case DICT -> new DictScenario();
      case LIST -> new ListScenario();
      case QUEUE -> new QueueScenario();
      case JOINABLE_QUEUE -> new JoinableQueueScenario();
      case LOCK -> new LockScenario();
      case RLOCK -> new RlockScenario();
      case SEMAPHORE -> new SemaphoreScenario("semaphore", ObjectType.SEMAPHORE);
      case BOUNDED_SEMAPHORE -> new SemaphoreScenario("bounded", ObjectType.BOUNDED_SEMAPHORE);
      case EVENT -> new EventScenario();
      case BARRIER -> new BarrierScenario();
      case VALUE -> new ValueScenario();
      case NAMESPACE -> new NamespaceScenario();
      case PIPE -> new PipeScenario();
      case ARRAY -> new ArrayScenario();
      case OBJECT -> new UserScenario();
      case POOL -> new PoolScenario();
    };
  }

  /** Opens sessions 1 to {@code count} that are not open yet. */
  private static void sessions(StateDriver driver, int count) {
    for (long id = 1; id <= count; id++) {
      if (driver.state().session(id) == null) {
        driver.open(id);
      }
    }
  }

  private static final class DictScenario implements Scenario {
    long dict;

    @Override
    public void setUp(StateDriver d) {
      sessions(d, 1);
      dict = d.object(1, "dict", ObjectType.DICT, -1);
      d.request(1, dict, DictOp.PUT, A, B);
      d.request(1, dict, DictOp.PUT, B, C);
      d.request(1, dict, DictOp.PUT, C, A);
      d.request(1, dict, DictOp.REMOVE, B);
    }

    @Override
    public void then(StateDriver d) {
      d.request(1, dict, DictOp.ENTRIES);
      d.request(1, dict, DictOp.PUT, B, B);
      d.request(1, dict, DictOp.ENTRIES);
    }
  }

  private static final class ListScenario implements Scenario {
    long list;

    @Override
    public void setUp(StateDriver d) {
      sessions(d, 1);
      list = d.object(1, "list", ObjectType.LIST, -1);
      d.request(1, list, ListOp.ADD, A);
      d.request(1, list, ListOp.ADD, B);
      d.request(1, list, ListOp.ADD_AT, 0, C);
    }

    @Override
    public void then(StateDriver d) {
      d.request(1, list, ListOp.SNAPSHOT);
      d.request(1, list, ListOp.REMOVE_AT, 1);
      d.request(1, list, ListOp.SNAPSHOT);
    }
  }

  /** A bounded queue with a parked taker, then a parked putter. */
  private static final class QueueScenario implements Scenario {
    long queue;

    @Override
    public void setUp(StateDriver d) {
      sessions(d, 3);
      queue = d.object(1, "queue", ObjectType.QUEUE, 1);
      d.request(2, queue, QueueOp.POLL_WAIT, FOREVER);
      d.request(3, queue, QueueOp.POLL_WAIT, 5 * SECOND);
      d.request(1, queue, QueueOp.OFFER, A);
      d.request(1, queue, QueueOp.OFFER, B);
      d.request(1, queue, QueueOp.OFFER_WAIT, C, FOREVER);
    }

    @Override
    public void then(StateDriver d) {
      d.request(1, queue, QueueOp.SNAPSHOT_IDS);
      d.request(2, queue, QueueOp.POLL);
      d.request(2, queue, QueueOp.POLL);
      d.request(3, queue, QueueOp.POLL_WAIT, FOREVER);
      d.request(1, queue, QueueOp.OFFER, A);
      d.request(1, queue, QueueOp.SIZE);
    }
  }

  /** Items owed by a taker, a joiner parked, and the taker's close putting them back. */
  private static final class JoinableQueueScenario implements Scenario {
    long queue;

    @Override
    public void setUp(StateDriver d) {
      sessions(d, 3);
      queue = d.object(1, "joinable", ObjectType.JOINABLE_QUEUE, 0);
      d.request(1, queue, QueueOp.ADD_ALL, Client.list(A, B, C));
      d.request(2, queue, QueueOp.DRAIN, 2);
      d.request(3, queue, QueueOp.JOIN, FOREVER);
    }

    @Override
    public void then(StateDriver d) {
      d.request(1, queue, QueueOp.UNFINISHED);
      d.close(2);
      d.request(1, queue, QueueOp.SNAPSHOT_IDS);
      d.request(1, queue, QueueOp.DRAIN, 3);
      for (int i = 0; i < 3; i++) {
        d.request(1, queue, QueueOp.TASK_DONE);
      }
    }
  }

  /** A held lock, a revoked grant, one acquirer parked forever and one with a deadline. */
  private static final class LockScenario implements Scenario {
    long lock;

    @Override
    public void setUp(StateDriver d) {
      sessions(d, 3);
      lock = d.object(1, "lock", ObjectType.LOCK, -1);
      d.request(1, lock, LockOp.ACQUIRE, 1L, FOREVER);
      d.request(3, 0, ManagerOp.RELEASE_LOCK, "lock");
      d.request(1, lock, LockOp.ACQUIRE, 2L, FOREVER);
      d.request(2, lock, LockOp.ACQUIRE, 7L, FOREVER);
      d.request(3, lock, LockOp.ACQUIRE, 9L, 5 * SECOND);
    }

    @Override
    public void then(StateDriver d) {
      d.request(1, lock, LockOp.RELEASE, 1L);
      d.request(1, lock, LockOp.RELEASE, 2L);
      d.request(2, lock, LockOp.RELEASE, 7L);
      d.request(3, lock, LockOp.WAITING);
      d.request(3, lock, LockOp.RELEASE, 9L);
    }
  }

  /** A reentrant lock's holder waiting on a condition while another holds the lock. */
  private static final class RlockScenario implements Scenario {
    long lock;

    @Override
    public void setUp(StateDriver d) {
      sessions(d, 2);
      lock = d.object(1, "rlock", ObjectType.RLOCK, -1);
      d.request(1, lock, LockOp.ACQUIRE, 1L, FOREVER);
      d.request(1, lock, LockOp.ACQUIRE, 1L, FOREVER);
      d.request(1, lock, LockOp.AWAIT, "ready", 1L, FOREVER);
      d.request(2, lock, LockOp.ACQUIRE, 2L, FOREVER);
      d.request(2, lock, LockOp.CONDITION_WAITING, "empty");
    }

    @Override
    public void then(StateDriver d) {
      d.request(2, lock, LockOp.SIGNAL, "ready", 2L);
      d.request(2, lock, LockOp.RELEASE, 2L);
      d.request(1, lock, LockOp.HOLD_COUNT, 1L);
      d.request(1, lock, LockOp.RELEASE, 1L);
    }
  }

  /** Permits taken by one session and a large acquirer parked. */
  private static final class SemaphoreScenario implements Scenario {
    final String name;
    final ObjectType type;
    long semaphore;

    SemaphoreScenario(String name, ObjectType type) {
      this.name = name;
      this.type = type;
    }

    @Override
    public void setUp(StateDriver d) {
      sessions(d, 3);
      semaphore = d.object(1, name, type, 3);
      d.request(1, semaphore, SemaphoreOp.ACQUIRE, 2, FOREVER);
      d.request(2, semaphore, SemaphoreOp.ACQUIRE, 1, FOREVER);
      d.request(3, semaphore, SemaphoreOp.ACQUIRE, 2, FOREVER);
    }

    @Override
    public void then(StateDriver d) {
      d.request(1, semaphore, SemaphoreOp.RELEASE, 1);
      d.close(2);
      d.request(1, semaphore, SemaphoreOp.AVAILABLE);
      d.request(1, semaphore, SemaphoreOp.RELEASE, 3);
    }
  }

  private static final class EventScenario implements Scenario {
    long event;

    @Override
    public void setUp(StateDriver d) {
      sessions(d, 3);
      event = d.object(1, "event", ObjectType.EVENT, -1);
      d.request(2, event, EventOp.WAIT, FOREVER);
      d.request(3, event, EventOp.WAIT, 5 * SECOND);
    }

    @Override
    public void then(StateDriver d) {
      d.request(1, event, EventOp.WAITING);
      d.request(1, event, EventOp.SET);
      d.request(1, event, EventOp.IS_SET);
    }
  }

  private static final class BarrierScenario implements Scenario {
    long barrier;

    @Override
    public void setUp(StateDriver d) {
      sessions(d, 3);
      barrier = d.object(1, "barrier", ObjectType.BARRIER, 3);
      d.request(1, barrier, BarrierOp.CONFIGURE, A, 7 * SECOND);
      d.request(2, barrier, BarrierOp.AWAIT, FOREVER);
      d.request(3, barrier, BarrierOp.AWAIT, -1L);
    }

    @Override
    public void then(StateDriver d) {
      d.request(1, barrier, BarrierOp.WAITING);
      d.request(1, barrier, BarrierOp.AWAIT, FOREVER);
      d.request(1, barrier, BarrierOp.ACTION);
      d.request(2, barrier, BarrierOp.AWAIT, FOREVER);
      d.request(1, barrier, BarrierOp.ABORT);
      d.request(1, barrier, BarrierOp.IS_BROKEN);
    }
  }

  private static final class ValueScenario implements Scenario {
    long value;

    @Override
    public void setUp(StateDriver d) {
      sessions(d, 1);
      value = d.object(1, "value", ObjectType.VALUE, -1);
      d.request(1, value, ValueOp.SET, A);
    }

    @Override
    public void then(StateDriver d) {
      d.request(1, value, ValueOp.GET_AND_SET, B);
      d.request(1, value, ValueOp.GET);
    }
  }

  private static final class NamespaceScenario implements Scenario {
    long namespace;

    @Override
    public void setUp(StateDriver d) {
      sessions(d, 1);
      namespace = d.object(1, "namespace", ObjectType.NAMESPACE, -1);
      d.request(1, namespace, NamespaceOp.SET, "x", A);
      d.request(1, namespace, NamespaceOp.SET, "y", B);
      d.request(1, namespace, NamespaceOp.DELETE, "x");
      d.request(1, namespace, NamespaceOp.SET, "x", C);
    }

    @Override
    public void then(StateDriver d) {
      d.request(1, namespace, NamespaceOp.NAMES);
      d.request(1, namespace, NamespaceOp.GET, "x");
    }
  }

  /** Both ends held, a message waiting, a receiver parked and a reservation made. */
  private static final class PipeScenario implements Scenario {
    long pipe;

    @Override
    public void setUp(StateDriver d) {
      sessions(d, 3);
      pipe = d.object(1, "pipe", ObjectType.PIPE, 0);
      d.request(1, pipe, PipeOp.HOLD, 0);
      d.request(2, pipe, PipeOp.HOLD, 1);
      d.request(1, pipe, PipeOp.SEND, 0, A);
      d.request(1, pipe, PipeOp.RECV_BYTES, 0, 4, FOREVER);
      d.request(2, pipe, PipeOp.SHARE, 1);
    }

    @Override
    public void then(StateDriver d) {
      d.request(2, pipe, PipeOp.SEND, 1, B);
      d.request(2, pipe, PipeOp.RECV, 1, FOREVER);
      d.request(3, pipe, PipeOp.CLAIM, 1, 1L);
      d.request(2, pipe, PipeOp.CLOSE, 1);
      d.request(3, pipe, PipeOp.CLOSE, 1);
      d.request(1, pipe, PipeOp.RECV, 0, FOREVER);
    }
  }

  private static final class ArrayScenario implements Scenario {
    long integral;
    long floating;

    @Override
    public void setUp(StateDriver d) {
      sessions(d, 1);
      integral = d.object(1, "longs", ObjectType.ARRAY, 3);
      d.request(1, integral, ArrayOp.INIT_WITH, "int", Client.list(1L, 2L, 3L));
      floating = d.object(1, "doubles", ObjectType.ARRAY, 2);
      d.request(1, floating, ArrayOp.INIT, "double");
      d.request(1, floating, ArrayOp.SET, 1, 0.1);
      d.object(1, "untyped", ObjectType.ARRAY, 2);
    }

    @Override
    public void then(StateDriver d) {
      d.request(1, integral, ArrayOp.ADD_AND_GET, 2, 5L);
      d.request(1, integral, ArrayOp.SNAPSHOT);
      d.request(1, floating, ArrayOp.ADD_AND_GET, 1, 0.2);
    }
  }

  private static final class UserScenario implements Scenario {
    long counter;

    @Override
    public void setUp(StateDriver d) {
      sessions(d, 1);
      counter = d.object(1, "counter", ObjectType.OBJECT, -1, Counter.class.getName());
      d.request(1, counter, ObjectOp.CALL, "next()", Client.list());
      d.request(1, counter, ObjectOp.CALL, "next()", Client.list());
    }

    @Override
    public void then(StateDriver d) {
      d.request(1, counter, ObjectOp.CALL, "next()", Client.list());
    }
  }

  /**
   * A configured handle, a tagged and a hand-started worker each running a task (one of them
   * cancelled), an idle worker parked, a collector parked, and a task queued.
   */
  private static final class PoolScenario implements Scenario {
    long pool;

    @Override
    public void setUp(StateDriver d) {
      sessions(d, 4);
      pool = d.object(1, "pool", ObjectType.POOL, -1);
      d.request(1, pool, PoolOp.CONFIGURE, 1L, "t", null, 0);
      d.request(2, pool, PoolOp.JOIN, "t");
      d.request(3, pool, PoolOp.JOIN, (Object) null);
      d.request(4, pool, PoolOp.JOIN, (Object) null);
      d.request(1, pool, PoolOp.SUBMIT, 1L, 2, Client.list(10L, A, 11L, B));
      d.request(2, pool, PoolOp.TAKE, -1L, 0, null, FOREVER);
      d.request(3, pool, PoolOp.TAKE, -1L, 0, null, FOREVER);
      d.request(4, pool, PoolOp.TAKE, -1L, 0, null, FOREVER);
      d.request(1, pool, PoolOp.CANCEL, 1L, Client.list(11L));
      d.request(1, pool, PoolOp.RESULTS, 1L, FOREVER);
    }

    @Override
    public void then(StateDriver d) {
      d.request(1, pool, PoolOp.STATS);
      d.request(2, pool, PoolOp.TAKE, 1L, PoolOp.DONE, C, FOREVER);
      d.request(1, pool, PoolOp.SUBMIT, 1L, 2, Client.list(12L, C));
      d.close(3);
      d.request(1, pool, PoolOp.STATS);
      d.request(1, pool, PoolOp.RESULTS, 1L, 0L);
    }
  }
}
