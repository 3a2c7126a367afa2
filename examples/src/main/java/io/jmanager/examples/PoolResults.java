package io.jmanager.examples;

import io.jmanager.client.Manager;
import io.jmanager.client.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Twin of seed 003's ways of getting work done by {@code Pool(5)}, four programs run one after the
 * other on one pool. {@code apply} in a loop, each call waiting for its result:
 *
 * <pre>
 * def func(i):
 *     return i*i
 *
 * p = Pool(5)
 * for i in range(10):
 *     res = p.apply(func, args=(i,))
 *     print(res)
 * </pre>
 *
 * <p>{@code apply_async} of ten tasks whose results are collected, then printed in order:
 *
 * <pre>
 * def func(i):
 *     time.sleep(0.5)
 *     return i*i
 *
 * res_l = []
 * for i in range(10):
 *     res = p.apply_async(func, args=(i,))
 *     res_l.append(res)
 * for res in res_l: print(res.get())
 * </pre>
 *
 * <p>{@code map} over 100 items with the same {@code func}: {@code ret = p.map(func, range(100));
 * print(ret)}. And ten tasks that print their start and end from the workers, then {@code close()}
 * and {@code join()}:
 *
 * <pre>
 * def func(n):
 *     print('start func%s'%n,os.getpid())
 *     time.sleep(1)
 *     print('end func%s' % n,os.getpid())
 *
 * p = Pool(5)
 * for i in range(10):
 *     p.apply_async(func,args=(i,))
 * p.close()
 * p.join()
 * </pre>
 *
 * <p>The three {@code func}s are {@code func}, {@code slowFunc} and {@code startEndFunc} here, and
 * the sleeps are shorter: 0.05 s instead of 0.5 s, and 0.5 s instead of 1 s. Python's {@code
 * close()} is {@code shutdown()}: Java's {@code close()} also waits, as {@code close()} then {@code
 * join()}. Checked: every result is its item's square, in order, and the ten printing tasks each
 * ran to their end.
 */
public final class PoolResults {
  private PoolResults() {}

  /** The first program's {@code func}. */
  static int func(int i) {
    return i * i;
  }

  /** The second and third programs' {@code func}. */
  static int slowFunc(int i) {
    Time.sleep(0.05);
    return i * i;
  }

  /** The fourth program's {@code func}; returns {@code n} for the check. */
  static int startEndFunc(int n) {
    System.out.println("start func" + n + " " + ProcessHandle.current().pid());
    Time.sleep(0.5);
    System.out.println("end func" + n + " " + ProcessHandle.current().pid());
    return n;
  }

  /** Runs the four programs on one pool of five worker JVMs and checks their results. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start()) {
      Pool p = m.pool(5);
      List<Integer> applied = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int res = p.apply(PoolResults::func, i);
        System.out.println(res);
        applied.add(res);
      }

      List<CompletableFuture<Integer>> resL = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        CompletableFuture<Integer> res = p.applyAsync(PoolResults::slowFunc, i);
        resL.add(res);
      }
      for (CompletableFuture<Integer> res : resL) {
        System.out.println(res.get());
      }

      List<Integer> ret = p.map(PoolResults::slowFunc, IntStream.range(0, 100).boxed().toList());
      System.out.println(ret);

      List<CompletableFuture<Integer>> printing = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        printing.add(p.applyAsync(PoolResults::startEndFunc, i));
      }
      p.shutdown();
      p.join();

      List<Integer> squares = IntStream.range(0, 100).map(i -> i * i).boxed().toList();
      Check.that(applied.equals(squares.subList(0, 10)), "apply gave 0, 1, 4, ..., 81");
      Check.that(
          resL.stream().map(CompletableFuture::join).toList().equals(squares.subList(0, 10)),
          "apply_async gave 0, 1, 4, ..., 81");
      Check.that(ret.equals(squares), "map gave the squares of 0 to 99, in order");
      Check.that(
          printing.stream()
              .map(CompletableFuture::join)
              .toList()
              .equals(IntStream.range(0, 10).boxed().toList()),
          "the ten printing tasks ran to their end before join() returned");
    }
    Check.exit();
  }
}
