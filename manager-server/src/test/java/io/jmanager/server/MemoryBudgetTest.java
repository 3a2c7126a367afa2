package io.jmanager.server;

import static io.jmanager.server.Client.list;
import static io.jmanager.server.Client.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.DictOp;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ListOp;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.NamespaceOp;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.Op;
import io.jmanager.protocol.PipeOp;
import io.jmanager.protocol.PoolOp;
import io.jmanager.protocol.QueueOp;
import io.jmanager.protocol.ValueOp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
  private static final long BASE = 1000;
  private static final byte[] KIB = new byte[1024];

  private final Client client = Client.connected();

  /** {@code object} counted in a budget of {@code limit} bytes, with {@link #BASE} of its own. */
  private static <T extends SharedObject> T counted(T object, MemoryBudget budget) {
    object.countIn(budget, BASE);
    return object;
  }

  private Object call(SharedObject object, Op op, Object... args) {
    client.send(object, op, args);
    return client.answer();
  }

  private ErrorCode refused(SharedObject object, Op op, Object... args) {
    client.send(object, op, args);
    return client.failure();
  }

  @Test
  void aListGivesBackAllItCounted_whenItsElementsGo() {
    MemoryBudget budget = new MemoryBudget(1 << 20);
    ListObject shared = counted(new ListObject(1, "l"), budget);

    call(shared, ListOp.ADD_ALL, list(value("a"), value("b"), value("c"), value("d")));
    call(shared, ListOp.ADD, value("e"));
    call(shared, ListOp.ADD_AT, 0, value("f"));
    call(shared, ListOp.SET, 1, value("a longer value than before"));
    assertThat(budget.used()).isGreaterThan(BASE + 6 * 16);
    call(shared, ListOp.REMOVE_AT, 0);
    call(shared, ListOp.REMOVE, value("c"));
    call(shared, ListOp.REMOVE_ALL, list(value("d")));
    call(shared, ListOp.RETAIN_ALL, list(value("e"), value("b")));
    call(shared, ListOp.REMOVE_RANGE, 0, 1);
    call(shared, ListOp.COMPARE_AND_SET_ALL, list(value("e")), list(value("x"), value("y")));
    call(shared, ListOp.CLEAR);

    assertThat(budget.used()).isEqualTo(BASE);
    assertThat(shared.heldBytes()).isEqualTo(BASE);
  }

  @Test
  void anAdditionPastTheBudget_isRefused_changesNothing_andRemovalsStillWork() {
    MemoryBudget budget = new MemoryBudget(BASE + 4 * 1100);
    ListObject shared = counted(new ListObject(1, "l"), budget);
    for (int i = 0; i < 4; i++) {
      call(shared, ListOp.ADD, KIB);
    }

    assertThat(refused(shared, ListOp.ADD, KIB)).isEqualTo(ErrorCode.MEMORY);
    assertThat(refused(shared, ListOp.ADD_ALL, list(value("a"), KIB))).isEqualTo(ErrorCode.MEMORY);
    assertThat(refused(shared, ListOp.SET, 0, new byte[2048])).isEqualTo(ErrorCode.MEMORY);
    call(shared, ListOp.SET, 0, value("as large as it gets, no larger"));
    assertThat(call(shared, ListOp.SIZE)).isEqualTo(4);

    call(shared, ListOp.REMOVE_AT, 0);
    call(shared, ListOp.ADD, KIB);
    assertThat(call(shared, ListOp.SIZE)).isEqualTo(4);
  }

  @Test
  void aQueueCountsItsItemsAndWhatParkedPuttersCarry_untilTheyLeave() {
    MemoryBudget budget = new MemoryBudget(1 << 20);
    QueueObject shared = counted(new QueueObject(1, "q", 1, false), budget);
    Client putter = Client.connected();
    call(shared, QueueOp.OFFER, KIB);
    putter.send(shared, QueueOp.OFFER_WAIT, KIB, 50L * 1_000_000);
    Call cancelled = putter.send(shared, QueueOp.OFFER_WAIT, KIB, -1L);
    putter.send(shared, QueueOp.OFFER_WAIT, KIB, -1L);
    assertThat(budget.used()).isEqualTo(BASE + 4 * QueueItems.bytesOf(KIB));

    putter.advance(50);
    shared.cancel(putter.session, cancelled.id());
    assertThat(budget.used()).isEqualTo(BASE + 2 * QueueItems.bytesOf(KIB));
    call(shared, QueueOp.POLL);
    call(shared, QueueOp.POLL);

    assertThat(budget.used()).isEqualTo(BASE);
  }

  @Test
  void aFullBudget_refusesPutsAndParkedPuts_butTakesGoOn() {
    MemoryBudget budget = new MemoryBudget(BASE + 2 * QueueItems.bytesOf(KIB));
    QueueObject shared = counted(new QueueObject(1, "q", 0, false), budget);
    call(shared, QueueOp.OFFER, KIB);
    call(shared, QueueOp.OFFER, KIB);

    assertThat(refused(shared, QueueOp.OFFER, KIB)).isEqualTo(ErrorCode.MEMORY);
    assertThat(refused(shared, QueueOp.ADD_ALL, list(value("x")))).isEqualTo(ErrorCode.MEMORY);
    assertThat(call(shared, QueueOp.SIZE)).isEqualTo(2);
    call(shared, QueueOp.POLL);
    assertThat(call(shared, QueueOp.OFFER, KIB)).isEqualTo(true);
  }

  @Test
  void aJoinableQueueCountsATakenItem_untilItsTaskIsDone() {
    MemoryBudget budget = new MemoryBudget(1 << 20);
    QueueObject shared = counted(new QueueObject(1, "j", 0, true), budget);
    call(shared, QueueOp.OFFER, KIB);
    call(shared, QueueOp.POLL);
    assertThat(budget.used()).isEqualTo(BASE + QueueItems.bytesOf(KIB));

    call(shared, QueueOp.TASK_DONE);

    assertThat(budget.used()).isEqualTo(BASE);
  }

  @Test
  void aDictCountsItsEntries_andGivesThemBackAsTheyGo() {
    MemoryBudget budget = new MemoryBudget(1 << 20);
    DictObject shared = counted(new DictObject(1, "d"), budget);

    call(shared, DictOp.PUT, value("a"), KIB);
    call(shared, DictOp.PUT, value("a"), value("smaller"));
    call(shared, DictOp.PUT_IF_ABSENT, value("b"), KIB);
    call(shared, DictOp.PUT_IF_ABSENT, value("b"), new byte[4096]);
    call(shared, DictOp.REPLACE, value("b"), value("c"));
    call(shared, DictOp.REPLACE, value("none"), KIB);
    call(shared, DictOp.REPLACE_IF_EQUAL, value("b"), value("c"), KIB);
    call(shared, DictOp.PUT_ALL, list(value("x"), KIB, value("y"), KIB, value("x"), value("z")));
    call(shared, DictOp.REMOVE, value("a"));
    call(shared, DictOp.REMOVE_IF_EQUAL, value("b"), KIB);
    assertThat(budget.used()).isGreaterThan(BASE);
    call(shared, DictOp.CLEAR);

    assertThat(budget.used()).isEqualTo(BASE);
  }

  @Test
  void aFullBudget_refusesNewEntriesAndGrowingValues_butNotReplacementsNoLarger() {
    MemoryBudget budget = new MemoryBudget(BASE + 2 * 1100);
    DictObject shared = counted(new DictObject(1, "d"), budget);
    call(shared, DictOp.PUT, value("a"), KIB);
    call(shared, DictOp.PUT, value("b"), KIB);

    assertThat(refused(shared, DictOp.PUT, value("c"), KIB)).isEqualTo(ErrorCode.MEMORY);
    assertThat(refused(shared, DictOp.PUT, value("a"), new byte[2048])).isEqualTo(ErrorCode.MEMORY);
    assertThat(refused(shared, DictOp.PUT_ALL, list(value("c"), value("d"))))
        .isEqualTo(ErrorCode.MEMORY);
    call(shared, DictOp.PUT, value("a"), KIB.clone());
    assertThat(call(shared, DictOp.SIZE)).isEqualTo(2);
    call(shared, DictOp.REMOVE, value("b"));
    call(shared, DictOp.PUT, value("c"), KIB);
  }

  @Test
  void aValueCountsOnlyWhatItHoldsNow() {
    MemoryBudget budget = new MemoryBudget(BASE + 1100);
    ValueObject shared = counted(new ValueObject(1, "v"), budget);

    call(shared, ValueOp.SET, KIB);
    call(shared, ValueOp.SET, KIB.clone());
    call(shared, ValueOp.GET_AND_SET, value("small"));

    assertThat(budget.used()).isEqualTo(BASE + MemoryBudget.of(value("small")));
    assertThat(refused(shared, ValueOp.SET, new byte[2048])).isEqualTo(ErrorCode.MEMORY);
    assertThat(Client.text(call(shared, ValueOp.GET))).isEqualTo("small");
  }

  @Test
  void aNamespaceCountsNamesAndValues_andGivesThemBack() {
    MemoryBudget budget = new MemoryBudget(1 << 20);
    NamespaceObject shared = counted(new NamespaceObject(1, "n"), budget);

    call(shared, NamespaceOp.SET, "x", KIB);
    call(shared, NamespaceOp.SET, "x", value("y"));
    call(shared, NamespaceOp.SET, "z", KIB);
    call(shared, NamespaceOp.DELETE, "x");
    call(shared, NamespaceOp.DELETE, "z");

    assertThat(budget.used()).isEqualTo(BASE);
  }

  @Test
  void aPipeCountsWhatWaitsInItsInboxes_andItsHolds() {
    MemoryBudget budget = new MemoryBudget(BASE + 2 * 1100 + 2 * PipeObject.HOLD_BYTES);
    PipeObject shared = counted(new PipeObject(1, "p", true), budget);
    call(shared, PipeOp.HOLD, 0);
    call(shared, PipeOp.HOLD, 1);

    call(shared, PipeOp.SEND, 0, KIB);
    call(shared, PipeOp.SEND, 1, KIB);
    assertThat(refused(shared, PipeOp.SEND, 0, KIB)).isEqualTo(ErrorCode.MEMORY);
    call(shared, PipeOp.RECV, 1, 0L);
    call(shared, PipeOp.RECV, 0, 0L);
    assertThat(budget.used()).isEqualTo(BASE + 2 * PipeObject.HOLD_BYTES);
    call(shared, PipeOp.CLOSE, 0);
    call(shared, PipeOp.CLOSE, 1);

    assertThat(budget.used()).isEqualTo(BASE);
  }

  @Test
  void aPoolCountsItsTasksUntilTheirResultsAreCollected() {
    MemoryBudget budget = new MemoryBudget(BASE + 3 * 1200);
    PoolObject shared = counted(new PoolObject(1, "pool"), budget);
    Client worker = Client.connected();
    worker.send(shared, PoolOp.JOIN, (Object) null);
    worker.answer();

    assertThat(refused(shared, PoolOp.SUBMIT, 7L, 1, list(1L, KIB, 2L, KIB, 3L, KIB, 4L, KIB)))
        .isEqualTo(ErrorCode.MEMORY);
    call(shared, PoolOp.SUBMIT, 7L, 1, list(1L, KIB, 2L, KIB));
    worker.send(shared, PoolOp.TAKE, -1L, 0, null, -1L);
    List<?> task = (List<?>) worker.answer();
    worker.send(shared, PoolOp.TAKE, task.get(0), PoolOp.DONE, KIB, 0L);
    List<?> next = (List<?>) worker.answer();
    assertThat((List<?>) call(shared, PoolOp.RESULTS, 7L, 0L)).hasSize(3);
    call(shared, PoolOp.CANCEL, 7L, new ArrayList<>());
    worker.send(shared, PoolOp.TAKE, next.get(0), PoolOp.DONE, KIB, 0L);
    worker.answer();

    assertThat(budget.used()).isEqualTo(BASE);
  }

  @Test
  void objectsPastTheBudget_areNotCreated_andDeletingOneMakesRoom() {
    Registry registry =
        new Registry(ServerConfig.builder().maxMemoryBytes(3 * SharedObject.OBJECT_BYTES).build());
    Client admin = Client.connected();
    open(registry, admin, "first");
    admin.answer();
    open(registry, admin, "second");
    admin.answer();

    open(registry, admin, "third, a name long enough to pass the budget");
    assertThat(admin.failure()).isEqualTo(ErrorCode.MEMORY);
    assertThat(registry.names())
        .containsExactly("first", ObjectType.LIST, "second", ObjectType.LIST);

    assertThat(registry.delete("first")).isTrue();
    open(registry, admin, "third, a name long enough to pass the budget");
    admin.answer();
  }

  private static void open(Registry registry, Client client, String name) {
    Call call = Client.call(client.session, 1, 0, ManagerOp.OPEN, name, ObjectType.LIST, -1);
    try {
      registry.open(call);
    } catch (OpException e) {
      call.fail(e.code(), e.getMessage());
    }
  }
}
