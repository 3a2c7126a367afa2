package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ten JVMs write into one shared dict and append to one shared list, as the Python seed's {@code
 * f(d, l)} does; the parent prints both. Keys of different types stay distinct: 1, "2" and 0.25.
 */
public final class DictAndList {
  private static final String DICT = "seed-dict";
  private static final String LIST = "seed-list";

  private DictAndList() {}

  /** Runs the parent: starts ten children and prints the dict and the list. */
  public static void main(String[] args) throws InterruptedException {
    try (Manager manager = Manager.fromEnvironment()) {
      manager.delete(DICT);
      manager.delete(LIST);
      Map<Object, Object> dict = manager.dict(DICT);
      SharedList<Integer> list = manager.list(LIST);
      list.addAll(List.of(0, 1, 2, 3, 4));
      List<JvmProcess> children = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        children.add(Children.spawn(manager, Writer.class));
      }
      boolean allExited = Children.joinAll(children);
      System.out.println("dict: " + dict);
      System.out.println("list: " + list);
      boolean right = dict.size() == 3 && list.size() == 15;
      System.out.println(right ? "3 keys and 15 elements, as expected" : "WRONG result");
      System.exit(allExited && right ? 0 : 1);
    }
  }

  /** One child: sets three keys and appends 1 to the list. */
  static final class Writer {
    public static void main(String[] args) {
      try (Manager manager = Manager.fromEnvironment()) {
        Map<Object, Object> dict = manager.dict(DICT);
        dict.put(1, "1");
        dict.put("2", 2);
        // Python stores None here; a ConcurrentMap forbids null values, so a marker stands in.
        dict.put(0.25, "none");
        SharedList<Integer> list = manager.list(LIST);
        list.add(1);
        System.out.println("pid " + ProcessHandle.current().pid() + " sees " + list);
      }
    }
  }
}
