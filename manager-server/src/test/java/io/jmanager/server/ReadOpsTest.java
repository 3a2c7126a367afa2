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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReadOpsTest {
  private static final byte[] A = Client.value("a");

  /** Every op of every type: the reads among them are the ones tested below. */
  static Stream<Op> reads() {
    return Stream.of(
            DictOp.values(),
            ListOp.values(),
            QueueOp.values(),
            LockOp.values(),
            SemaphoreOp.values(),
            EventOp.values(),
            BarrierOp.values(),
            ValueOp.values(),
            NamespaceOp.values(),
            PipeOp.values(),
            ArrayOp.values(),
            ObjectOp.values(),
            PoolOp.values(),
            ManagerOp.values())
        .flatMap(Arrays::stream)
        .map(Op.class::cast)
        .filter(ReadOps::isRead);
  }

  @ParameterizedTest
  @MethodSource("reads")
  void aRead_answersAtOnce_andLeavesEveryObjectOfItsTypeAsItWas(Op op) {
    StateDriver driver = SnapshotTest.everyType();
    byte[] before = driver.digest();
    int answered = driver.answers().size();
    int applied = 0;
    for (SharedObject object : driver.state().registry().objectsById()) {
      if (op instanceof ManagerOp || object.type().opFamily() == op.type()) {
        driver.request(1, op instanceof ManagerOp ? 0 : object.id(), op, args(op));
        applied++;
      }
    }

    assertThat(applied).as("objects %s was applied to", op).isPositive();
    assertThat(driver.answers()).as("answers").hasSize(answered + applied);
    assertThat(driver.digest()).as("the state after %s", op).isEqualTo(before);
  }

  @Test
  void takingAndWriting_areNotReads() {
    assertThat(ReadOps.isRead(QueueOp.POLL)).isFalse();
    assertThat(ReadOps.isRead(DictOp.PUT)).isFalse();
    assertThat(ReadOps.isRead(ObjectOp.CALL)).as("a user type's method").isFalse();
    assertThat(ReadOps.isRead(ManagerOp.OPEN)).as("creates when absent").isFalse();
  }

  @Test
  void aWriteAppliedTheSameWay_changesTheState_soTheCheckAboveCanFail() {
    StateDriver driver = SnapshotTest.everyType();
    byte[] before = driver.digest();
    for (SharedObject object : driver.state().registry().objectsById()) {
      if (object.type() == ObjectType.DICT) {
        driver.request(1, object.id(), DictOp.PUT, A, A);
      }
    }
    assertThat(driver.digest()).isNotEqualTo(before);
  }

  /** Plausible arguments for the reads that take any. */
  private static final Map<Op, List<Object>> ARGS =
      Map.ofEntries(
          Map.entry(DictOp.GET, List.of(A)),
          Map.entry(DictOp.CONTAINS_KEY, List.of(A)),
          Map.entry(DictOp.CONTAINS_VALUE, List.of(A)),
          Map.entry(ListOp.GET, List.of(0)),
          Map.entry(ListOp.INDEX_OF, List.of(A)),
          Map.entry(ListOp.LAST_INDEX_OF, List.of(A)),
          Map.entry(ListOp.CONTAINS, List.of(A)),
          Map.entry(ListOp.CONTAINS_ALL, List.of(Client.list(A))),
          Map.entry(ListOp.SNAPSHOT_RANGE, List.of(0, 1)),
          Map.entry(QueueOp.CONTAINS, List.of(A)),
          Map.entry(LockOp.HOLD_COUNT, List.of(1L)),
          Map.entry(LockOp.CONDITION_WAITING, List.of("condition")),
          Map.entry(NamespaceOp.GET, List.of("x")),
          Map.entry(NamespaceOp.CONTAINS, List.of("x")),
          Map.entry(ArrayOp.GET, List.of(0)));

  private static Object[] args(Op op) {
    return ARGS.getOrDefault(op, List.of()).toArray();
  }
}
