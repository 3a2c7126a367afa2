package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Twin of seed 003's comparison of a pool with a process per task:
 *
 * <pre>
 * def func(n):
 *     for i in range(10):
 *         print(n+1)
 *
 * start = time.time()
 * pool = Pool(5)
 * pool.map(func, range(100))
 * t1 = time.time() - start
 *
 * start = time.time()
 * p_lst = []
 * for i in range(100):
 *     p = Process(target=func, args=(i,))
 *     p_lst.append(p)
 *     p.start()
 * for p in p_lst: p.join()
 * t2 = time.time() - start
 * print(t1, t2)
 * </pre>
 *
 * <p>Five reused worker JVMs beat a JVM per task many times over. The 2,000 lines {@code func}
 * prints go to a file, not the screen; anything else the JVMs print, such as an error, is shown.
 * Checked: each of 1 to 100 was printed ten times by the pool and ten times by the processes, and
 * every process exited with 0.
 */
public final class PoolVsProcesses {
  private PoolVsProcesses() {}

  /** Python's {@code func}; a pool task returns something, so it returns nothing useful: n. */
  static int func(int n) {
    for (int i = 0; i < 10; i++) {
      System.out.println(n + 1);
    }
    return n;
  }

  /** Times both ways, prints the two durations in seconds and checks what was printed. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start();
        Transcript out = new Transcript()) {
      long start = System.nanoTime();
      Pool pool = m.pool(Pool.options().processes(5).redirectOutput(out.file()));
      pool.map(PoolVsProcesses::func, IntStream.range(0, 100).boxed().toList());
      double t1 = (System.nanoTime() - start) / 1e9;

      start = System.nanoTime();
      List<JvmProcess> pLst = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        JvmProcess.Builder p = m.process(PoolVsProcesses::func, i).redirectOutput(out.file());
        pLst.add(p.start());
      }
      for (JvmProcess p : pLst) {
        p.join();
      }
      double t2 = (System.nanoTime() - start) / 1e9;
      System.out.printf("%.2f %.2f%n", t1, t2);

      List<String> lines = out.lines();
      lines.stream().filter(line -> !line.matches("[0-9]+")).forEach(System.out::println);
      Map<String, Long> counts =
          lines.stream()
              .filter(line -> line.matches("[0-9]+"))
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      Check.that(
          counts.equals(
              IntStream.rangeClosed(1, 100)
                  .boxed()
                  .collect(Collectors.toMap(String::valueOf, n -> 20L))),
          "each of 1 to 100 was printed ten times by the pool and ten times by the processes");
      Check.exitedCleanly(pLst);
    }
    Check.exit();
  }
}
