package io.jmanager.server;

import static io.jmanager.server.Client.list;
import static io.jmanager.server.Client.text;
import static io.jmanager.server.Client.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.DictOp;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ListOp;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.ObjectType;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Anonymous objects and objects created with contents. */
class RegistryTest {
  private final Registry registry = new Registry(ServerConfig.builder().build());
  private final Client client = Client.connected();

  @Test
  void create_givesEachObjectANewName_andTheSessionsEndDeletesIt() {
    List<?> first = (List<?>) manage(registry::create, ManagerOp.CREATE, ObjectType.DICT, -1, null);
    List<?> second =
        (List<?>) manage(registry::create, ManagerOp.CREATE, ObjectType.QUEUE, 3, null);
    Client other = Client.connected();
    Call otherCall = managerCall(other, ManagerOp.OPEN, second.get(2), ObjectType.QUEUE, -1);
    registry.open(otherCall);

    assertThat(first.get(2)).isNotEqualTo(second.get(2));
    assertThat(second.get(1)).isEqualTo(3);
    assertThat(((List<?>) other.answer()).get(0)).isEqualTo(second.get(0));
    assertThat(registry.names()).contains(first.get(2), second.get(2));

    registry.deleteOwned(other.session);
    assertThat(registry.get((Long) second.get(0))).isNotNull();
    registry.deleteOwned(client.session);

    assertThat(registry.get((Long) first.get(0))).isNull();
    assertThat(registry.get((Long) second.get(0))).isNull();
    assertThat(registry.names()).isEmpty();
  }

  @Test
  void create_withContents_holdsThemFromTheStart() {
    List<?> created =
        (List<?>)
            manage(
                registry::create,
                ManagerOp.CREATE,
                ObjectType.LIST,
                -1,
                list(value("a"), value("b")));

    SharedObject object = registry.get((Long) created.get(0));
    client.send(object, ListOp.SIZE);

    assertThat(client.answer()).isEqualTo(2);
  }

  @Test
  void openWith_fillsANewDict_andLeavesAnExistingOneAsItIs() {
    List<?> created =
        (List<?>)
            manage(
                registry::openWith,
                ManagerOp.OPEN_WITH,
                "stock",
                ObjectType.DICT,
                -1,
                list(value("count"), value("100")));
    List<?> again =
        (List<?>)
            manage(
                registry::openWith,
                ManagerOp.OPEN_WITH,
                "stock",
                ObjectType.DICT,
                -1,
                list(value("count"), value("0"), value("other"), value("1")));

    SharedObject dict = registry.get((Long) created.get(0));
    client.send(dict, DictOp.GET, value("count"));
    client.send(dict, DictOp.SIZE);

    assertThat(created.get(2)).isEqualTo(true);
    assertThat(again.get(0)).isEqualTo(created.get(0));
    assertThat(again.get(2)).isEqualTo(false);
    assertThat(text(client.answer())).isEqualTo("100");
    assertThat(client.answer()).isEqualTo(1);
  }

  @Test
  void openWith_contentsOverTheMemoryBudget_createNothing() {
    Registry small = new Registry(ServerConfig.builder().maxMemoryBytes(4096).build());

    Call call =
        managerCall(
            client,
            ManagerOp.OPEN_WITH,
            "big",
            ObjectType.LIST,
            -1,
            list(new byte[2000], new byte[2000]));
    applyOrFail(call, small::openWith);

    assertThat(client.failure()).isEqualTo(ErrorCode.MEMORY);
    assertThat(small.names()).isEmpty();
    List<?> fresh =
        (List<?>)
            manage(
                small::openWith, ManagerOp.OPEN_WITH, "big", ObjectType.LIST, -1, list(value("x")));
    assertThat(fresh.get(2)).isEqualTo(true);
  }

  @Test
  void contents_forATypeWithoutContents_orAnOddDict_areRefused() {
    applyOrFail(
        managerCall(client, ManagerOp.OPEN_WITH, "q", ObjectType.QUEUE, -1, list(value("a"))),
        registry::openWith);
    applyOrFail(
        managerCall(client, ManagerOp.CREATE, ObjectType.DICT, -1, list(value("key only"))),
        registry::create);

    assertThat(client.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
    assertThat(client.failure()).isEqualTo(ErrorCode.ILLEGAL_ARGUMENT);
    assertThat(registry.names()).isEmpty();
  }

  private Object manage(Consumer<Call> op, ManagerOp which, Object... args) {
    Call call = managerCall(client, which, args);
    op.accept(call);
    return client.answer();
  }

  private static Call managerCall(Client client, ManagerOp op, Object... args) {
    return Client.call(client.session, 1, 0, op, args);
  }

  private static void applyOrFail(Call call, Consumer<Call> op) {
    try {
      op.accept(call);
    } catch (OpException e) {
      call.fail(e.code(), e.getMessage());
    }
  }
}
