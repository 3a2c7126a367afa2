package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedDict;
import io.jmanager.client.SharedLock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Twin of seed 003's Manager program: fifty processes each take one from a shared count of 100.
 *
 * <pre>
 * def main(dic,lock):
 *     dic['count'] -= 1
 *
 * m = Manager()
 * l = Lock()
 * dic=m.dict({'count':100})
 * p_lst = []
 * for i in range(50):
 *     p = Process(target=main,args=(dic,l))
 *     p.start()
 *     p_lst.append(p)
 * for i in p_lst: i.join()
 * print('主进程',dic)
 * </pre>
 *
 * <p>The seed's first, commented-out version is the same with one process. Python's {@code main} is
 * {@code decrement} here. Python's passes a lock but never takes it, so its read and its write of
 * the count race, and the count may end above 50; the twin takes it around both, so no update is
 * lost ({@code dic.merge("count", -1, Integer::sum)} would do the same without a lock: the server
 * runs it atomically). Checked: the count is exactly 50.
 */
public final class DictCounter {
  private DictCounter() {}

  /** Python's {@code main}: one less, under the lock. */
  static void decrement(SharedDict<String, Integer> dic, SharedLock lock) {
    try (SharedLock.Held held = lock.locked()) {
      dic.put("count", dic.get("count") - 1);
    }
  }

  /** Starts fifty children on one count, waits for them and checks the count. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start()) {
      SharedLock l = m.lock();
      SharedDict<String, Integer> dic = m.dict(Map.of("count", 100));
      List<JvmProcess> pLst = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        JvmProcess p = m.process(DictCounter::decrement, dic, l).start();
        pLst.add(p);
      }
      for (JvmProcess i : pLst) {
        i.join();
      }
      System.out.println("main process " + dic);
      Check.that(dic.get("count") == 50, "fifty processes took the count from 100 to 50");
      Check.exitedCleanly(pLst);
    }
    Check.exit();
  }
}
