package io.jmanager.server;

import static io.jmanager.server.Client.list;
import static io.jmanager.server.Client.text;
import static io.jmanager.server.Client.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ListOp;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListObjectTest {
  private final ListObject shared = new ListObject(1, "l");
  private final Client client = Client.connected();

  @Test
  void addGetSetAndRemove_workByIndex() {
    call(ListOp.ADD_ALL, list(value("a"), value("c")));
    call(ListOp.ADD_AT, 1, value("b"));

    assertThat(text(call(ListOp.GET, 1))).isEqualTo("b");
    assertThat(text(call(ListOp.SET, 1, value("B")))).isEqualTo("b");
    assertThat(text(call(ListOp.REMOVE_AT, 0))).isEqualTo("a");
    assertThat(texts(call(ListOp.SNAPSHOT))).containsExactly("B", "c");
  }

  @Test
  void indexOutOfRange_isAnswered_andChangesNothing() {
    call(ListOp.ADD, value("a"));

    for (Object[] args :
        List.of(
            new Object[] {ListOp.GET, 1},
            new Object[] {ListOp.GET, -1},
            new Object[] {ListOp.ADD_AT, 2, value("x")},
            new Object[] {ListOp.REMOVE_RANGE, 0, 2},
            new Object[] {ListOp.SNAPSHOT_RANGE, 1, 0})) {
      client.send(shared, (ListOp) args[0], java.util.Arrays.copyOfRange(args, 1, args.length));
      assertThat(client.failure()).isEqualTo(ErrorCode.INDEX_OUT_OF_BOUNDS);
    }
    assertThat(call(ListOp.SIZE)).isEqualTo(1);
  }

  @Test
  void searches_compareBytes() {
    call(ListOp.ADD_ALL, list(value("a"), value("b"), value("a")));

    assertThat(call(ListOp.INDEX_OF, value("a"))).isEqualTo(0);
    assertThat(call(ListOp.LAST_INDEX_OF, value("a"))).isEqualTo(2);
    assertThat(call(ListOp.INDEX_OF, value("z"))).isEqualTo(-1);
    assertThat(call(ListOp.CONTAINS_ALL, list(value("a"), value("b")))).isEqualTo(true);
    assertThat(call(ListOp.REMOVE, value("a"))).isEqualTo(true);
    assertThat(texts(call(ListOp.SNAPSHOT))).containsExactly("b", "a");
  }

  @Test
  void bulkRemovals_andRanges() {
    call(ListOp.ADD_ALL, list(value("1"), value("2"), value("3"), value("4"), value("5")));

    call(ListOp.REMOVE_RANGE, 1, 3);
    assertThat(texts(call(ListOp.SNAPSHOT_RANGE, 0, 2))).containsExactly("1", "4");
    assertThat(call(ListOp.REMOVE_ALL, list(value("1")))).isEqualTo(true);
    assertThat(call(ListOp.RETAIN_ALL, list(value("5")))).isEqualTo(true);
    call(ListOp.ADD_ALL_AT, 0, list(value("0")));
    assertThat(texts(call(ListOp.SNAPSHOT))).containsExactly("0", "5");
    call(ListOp.CLEAR);
    assertThat(call(ListOp.SIZE)).isEqualTo(0);
  }

  @Test
  void compareAndSetAll_replacesOnlyWhenUnchanged() {
    call(ListOp.ADD_ALL, list(value("b"), value("a")));

    assertThat(call(ListOp.COMPARE_AND_SET_ALL, list(value("b")), list(value("x"))))
        .isEqualTo(false);
    assertThat(
            call(
                ListOp.COMPARE_AND_SET_ALL,
                list(value("b"), value("a")),
                list(value("a"), value("b"))))
        .isEqualTo(true);
    assertThat(texts(call(ListOp.SNAPSHOT))).containsExactly("a", "b");
  }

  @Test
  void indexOfTheWrongType_isAnIllegalArgument() {
    client.send(shared, ListOp.GET, "zero");

    assertThat(client.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
  }

  private Object call(ListOp op, Object... args) {
    client.send(shared, op, args);
    return client.answer();
  }

  private static List<String> texts(Object items) {
    return ((List<?>) items).stream().map(Client::text).toList();
  }
}
