package io.jmanager.client;

import java.io.Serializable;

/**
 * Code a child JVM runs, Python's {@code Process(target=f, args=(...))}: a lambda or method
 * reference typed as this, or as {@link Of1}, {@link Of2} or {@link Of3} for a target taking
 * arguments, is serializable, and {@link Manager#process} sends it with its arguments to the child.
 * A target may throw any exception, as a Python function may raise: the child prints it and exits
 * with code 1.
 *
 * <p>What a target captures and its arguments travel by value, as Python pickles them: value
 * classes registered with {@link Manager.Builder#register}, and proxies of shared objects of the
 * manager that starts the child, which arrive as the same shared objects, opened again by name on
 * the child's manager.
 */
@FunctionalInterface
public interface ProcessTarget extends Serializable {
  /** Runs in the child JVM. */
  void run() throws Exception;

  /**
   * A process target taking one argument.
   *
   * @param <A> the argument's type
   */
  @FunctionalInterface
  interface Of1<A> extends Serializable {
    /** Runs in the child JVM. */
    void run(A a) throws Exception;
  }

  /**
   * A process target taking two arguments.
   *
   * @param <A> the first argument's type
   * @param <B> the second argument's type
   */
  @FunctionalInterface
  interface Of2<A, B> extends Serializable {
    /** Runs in the child JVM. */
    void run(A a, B b) throws Exception;
  }

  /**
   * A process target taking three arguments.
   *
   * @param <A> the first argument's type
   * @param <B> the second argument's type
   * @param <C> the third argument's type
   */
  @FunctionalInterface
  interface Of3<A, B, C> extends Serializable {
    /** Runs in the child JVM. */
    void run(A a, B b, C c) throws Exception;
  }
}
