package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.ListIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ListIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void appendsFromTwoManagers_areAllVisibleToBoth() {
    SharedList<Integer> first = server.connect().list("shared");
    SharedList<Integer> second = server.connect().list("shared");
    first.addAll(List.of(0, 1, 2, 3, 4));

    second.add(1);

    assertThat(first).containsExactly(0, 1, 2, 3, 4, 1);
  }

  @Test
  void sortAndReplaceAll_applyToTheSharedList() {
    SharedList<String> list = server.connect().list("sorted");
    list.addAll(List.of("pear", "apple", "fig"));

    list.sort(Comparator.naturalOrder());
    list.replaceAll(String::toUpperCase);

    assertThat(server.connect().list("sorted")).containsExactly("APPLE", "FIG", "PEAR");
  }

  @Test
  void listIterator_setAndAdd_writeThrough() {
    SharedList<String> list = server.connect().list("edited");
    list.addAll(List.of("a", "b"));

    ListIterator<String> it = list.listIterator();
    it.next();
    it.set("A");
    it.add("between");

    assertThat(list).containsExactly("A", "between", "b");
  }

  @Test
  void subList_isALiveView() {
    SharedList<Integer> list = server.connect().list("viewed");
    list.addAll(List.of(1, 2, 3, 4, 5));

    list.subList(1, 3).clear();

    assertThat(list).containsExactly(1, 4, 5);
  }
}
