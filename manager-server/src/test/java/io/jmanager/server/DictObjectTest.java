package io.jmanager.server;

import static io.jmanager.server.Client.list;
import static io.jmanager.server.Client.text;
import static io.jmanager.server.Client.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.DictOp;
import io.jmanager.protocol.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class DictObjectTest {
  private final DictObject dict = new DictObject(1, "d");
  private final Client client = Client.connected();

  @Test
  void put_returnsThePreviousValue_andGetReadsIt() {
    assertThat(call(DictOp.PUT, value("k"), value("1"))).isNull();
    assertThat(text(call(DictOp.PUT, value("k"), value("2")))).isEqualTo("1");

    assertThat(text(call(DictOp.GET, value("k")))).isEqualTo("2");
    assertThat(call(DictOp.GET, value("missing"))).isNull();
  }

  @Test
  void keys_compareByTheirBytes() {
    call(DictOp.PUT, new byte[] {1, 2}, value("a"));

    assertThat(call(DictOp.CONTAINS_KEY, new byte[] {1, 2})).isEqualTo(true);
    assertThat(call(DictOp.CONTAINS_KEY, new byte[] {1, 2, 0})).isEqualTo(false);
  }

  @Test
  void conditionalOps_applyOnlyWhenTheirConditionHolds() {
    assertThat(call(DictOp.PUT_IF_ABSENT, value("k"), value("1"))).isNull();
    assertThat(text(call(DictOp.PUT_IF_ABSENT, value("k"), value("2")))).isEqualTo("1");
    assertThat(call(DictOp.REPLACE_IF_EQUAL, value("k"), value("9"), value("3"))).isEqualTo(false);
    assertThat(call(DictOp.REPLACE_IF_EQUAL, value("k"), value("1"), value("3"))).isEqualTo(true);
    assertThat(call(DictOp.REPLACE, value("absent"), value("x"))).isNull();
    assertThat(call(DictOp.CONTAINS_KEY, value("absent"))).isEqualTo(false);
    assertThat(call(DictOp.REMOVE_IF_EQUAL, value("k"), value("1"))).isEqualTo(false);
    assertThat(call(DictOp.REMOVE_IF_EQUAL, value("k"), value("3"))).isEqualTo(true);
    assertThat(call(DictOp.SIZE)).isEqualTo(0);
  }

  @Test
  void snapshots_keepInsertionOrder() {
    call(DictOp.PUT_ALL, list(value("b"), value("2"), value("a"), value("1")));
    call(DictOp.PUT, value("b"), value("3"));

    assertThat(texts(call(DictOp.KEYS))).containsExactly("b", "a");
    assertThat(texts(call(DictOp.VALUES))).containsExactly("3", "1");
    assertThat(texts(call(DictOp.ENTRIES))).containsExactly("b", "3", "a", "1");
    assertThat(call(DictOp.CONTAINS_VALUE, value("1"))).isEqualTo(true);
  }

  @Test
  void removeAndClear_emptyTheDict() {
    call(DictOp.PUT_ALL, list(value("a"), value("1"), value("b"), value("2")));

    assertThat(text(call(DictOp.REMOVE, value("a")))).isEqualTo("1");
    call(DictOp.CLEAR);

    assertThat(call(DictOp.SIZE)).isEqualTo(0);
  }

  @Test
  void putAllWithAnOddNumberOfItems_isAnIllegalArgument() {
    client.send(dict, DictOp.PUT_ALL, list(value("k")));

    assertThat(client.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
    assertThat(call(DictOp.SIZE)).isEqualTo(0);
  }

  @Test
  void missingArgument_isAnIllegalArgument() {
    client.send(dict, DictOp.GET);

    assertThat(client.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
  }

  private Object call(DictOp op, Object... args) {
    client.send(dict, op, args);
    return client.answer();
  }

  private static List<String> texts(Object items) {
    return ((List<?>) items).stream().map(Client::text).toList();
  }
}
