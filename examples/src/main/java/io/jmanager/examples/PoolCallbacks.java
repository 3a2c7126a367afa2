package io.jmanager.examples;

import io.jmanager.client.Manager;
import io.jmanager.client.Pool;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

/**
 * Twin of two seeds' {@code apply_async} with a {@code callback}. Seed 004's:
 *
 * <pre>
 * def Foo(i):
 *     time.sleep(2)
 *     return i + 100
 *
 * def Bar(arg):
 *     print('-->exec done:', arg)
 *
 * pool = Pool(5)
 * for i in range(10):
 *     pool.apply_async(func=Foo, args=(i,), callback=Bar)
 * print('end')
 * pool.close()
 * pool.join()
 * </pre>
 *
 * <p>and seed 003's, whose callback shows that it runs in the main process:
 *
 * <pre>
 * def func1(n):
 *     print('in func1', os.getpid())
 *     return n*n
 *
 * def func2(nn):
 *     print('in func2', os.getpid())
 *     print(nn)
 *
 * print('main process :', os.getpid())
 * p = Pool(5)
 * for i in range(10):
 *     p.apply_async(func1, args=(10,), callback=func2)
 * p.close()
 * p.join()
 * </pre>
 *
 * <p>Python's {@code close()} is {@code shutdown()}: Java's {@code close()} also waits, as {@code
 * close()} then {@code join()}. {@code Foo} sleeps half a second instead of two. Each callback also
 * records what it got, for the checks: {@code Bar} got 100 to 109, and {@code func2} got 100 ten
 * times, in this JVM.
 */
public final class PoolCallbacks {
  private static final List<Integer> BAR_GOT = new CopyOnWriteArrayList<>();
  private static final List<Long> FUNC2_RAN_IN = new CopyOnWriteArrayList<>();
  private static final List<Integer> FUNC2_GOT = new CopyOnWriteArrayList<>();

  private PoolCallbacks() {}

  /** Python's {@code Foo}. */
  static int foo(int i) {
    Time.sleep(0.5);
    return i + 100;
  }

  /** Python's {@code Bar}. */
  static void bar(int arg) {
    System.out.println("-->exec done: " + arg);
    BAR_GOT.add(arg);
  }

  /** Python's {@code func1}. */
  static int func1(int n) {
    System.out.println("in func1 " + ProcessHandle.current().pid());
    return n * n;
  }

  /** Python's {@code func2}. */
  static void func2(int nn) {
    System.out.println("in func2 " + ProcessHandle.current().pid());
    System.out.println(nn);
    FUNC2_RAN_IN.add(ProcessHandle.current().pid());
    FUNC2_GOT.add(nn);
  }

  /** Runs seed 004's program, then seed 003's, each on a pool of five worker JVMs. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start()) {
      Pool pool = m.pool(5);
      for (int i = 0; i < 10; i++) {
        pool.applyAsync(PoolCallbacks::foo, i, PoolCallbacks::bar);
      }
      System.out.println("end");
      pool.shutdown();
      pool.join();

      long main = ProcessHandle.current().pid();
      System.out.println("main process : " + main);
      Pool p = m.pool(5);
      for (int i = 0; i < 10; i++) {
        p.applyAsync(PoolCallbacks::func1, 10, PoolCallbacks::func2);
      }
      p.shutdown();
      p.join();

      Check.that(
          BAR_GOT.stream().sorted().toList().equals(IntStream.range(100, 110).boxed().toList()),
          "Bar got 100 to 109");
      Check.that(
          FUNC2_GOT.size() == 10 && FUNC2_GOT.stream().allMatch(nn -> nn == 100),
          "func2 got 100 ten times");
      Check.that(
          FUNC2_RAN_IN.stream().allMatch(pid -> pid == main), "func2 ran in the main process");
    }
    Check.exit();
  }
}
