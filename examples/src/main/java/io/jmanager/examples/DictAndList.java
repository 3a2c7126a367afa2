package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedDict;
import io.jmanager.client.SharedList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Twin of seed 004's Manager program: ten processes write into one shared dict and append to one
 * shared list.
 *
 * <pre>
 * def f(d, l):
 *     d[1] = '1'
 *     d['2'] = 2
 *     d[0.25] = None
 *     l.append(1)
 *     print(l)
 *
 * with Manager() as manager:
 *     d = manager.dict()
 *     l = manager.list(range(5))
 *     p_list = []
 *     for i in range(10):
 *         p = Process(target=f, args=(d, l))
 *         p.start()
 *         p_list.append(p)
 *     for res in p_list:
 *         res.join()
 *     print(d)
 *     print(l)
 * </pre>
 *
 * <p>A shared dict, as a {@code ConcurrentMap}, holds no null, so the string {@code "None"} stands
 * for Python's {@code None}. Keys of different types stay distinct: 1, "2" and 0.25. Checked: the
 * dict holds those three keys, and the list 0 to 4 followed by ten 1s.
 */
public final class DictAndList {
  private static final String NONE = "None";

  private DictAndList() {}

  /** Python's {@code f}. */
  static void f(SharedDict<Object, Object> d, SharedList<Integer> l) {
    d.put(1, "1");
    d.put("2", 2);
    d.put(0.25, NONE);
    l.add(1);
    System.out.println(l);
  }

  /** Starts ten children on one dict and one list, then prints and checks both. */
  public static void main(String[] args) throws Exception {
    try (Manager manager = Manager.start()) {
      SharedDict<Object, Object> d = manager.dict();
      SharedList<Integer> l = manager.list(List.of(0, 1, 2, 3, 4));
      List<JvmProcess> pList = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        JvmProcess p = manager.process(DictAndList::f, d, l).start();
        pList.add(p);
      }
      for (JvmProcess res : pList) {
        res.join();
      }
      System.out.println(d);
      System.out.println(l);
      Check.that(d.equals(Map.of(1, "1", "2", 2, 0.25, NONE)), "the dict is {1=1, 2=2, 0.25=None}");
      List<Integer> expected = new ArrayList<>(List.of(0, 1, 2, 3, 4));
      expected.addAll(Collections.nCopies(10, 1));
      Check.that(l.equals(expected), "the list is 0 to 4 and ten 1s");
      Check.exitedCleanly(pList);
    }
    Check.exit();
  }
}
