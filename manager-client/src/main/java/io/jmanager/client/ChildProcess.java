package io.jmanager.client;

/**
 * Code to run in a child JVM, written as a subclass, the twin of a subclass of Python's {@code
 * multiprocessing.Process} that overrides {@code run}. The subclass's fields, set in the parent (by
 * its constructor, say), travel to the child with the object, as Python pickles a {@code Process}
 * subclass's attributes: values of registered classes ({@link Manager.Builder#register}), and
 * proxies of shared objects of the starting manager, which arrive as the same shared objects,
 * opened again by name on the child's manager. Transient fields stay behind.
 *
 * <pre>{@code
 * final class ClockProcess extends ChildProcess {
 *   private final int interval;
 *
 *   ClockProcess(int interval) {
 *     this.interval = interval;
 *   }
 *
 *   @Override
 *   public void run() throws InterruptedException {
 *     for (int i = 1; i <= 5; i++) {
 *       System.out.println("Run >>> " + i);
 *       Thread.sleep(interval * 1000L);
 *     }
 *     System.out.println("Ending!");
 *   }
 * }
 *
 * JvmProcess p = new ClockProcess(1).start(m);
 * p.join();
 * }</pre>
 *
 * <p>The child creates its object without calling a constructor and sets the fields, so a subclass
 * needs no constructor without arguments; it must be a top-level or static nested class on the
 * child's classpath.
 *
 * <h2>Errors</h2>
 *
 * <p>{@link #start} throws {@link SerializationException} when a field cannot be sent (a class not
 * registered, a proxy of another manager) and {@link java.io.UncheckedIOException} when the JVM
 * cannot be started. An exception thrown by {@link #run()} is printed by the child, which exits
 * with code 1.
 */
public abstract class ChildProcess {
  /** For subclasses. */
  protected ChildProcess() {}

  /** What the child JVM runs, Python's {@code run()}; called here, it runs in this JVM. */
  public abstract void run() throws Exception;

  /**
   * Starts this in a non-daemon child JVM connected to {@code manager}'s server, Python's {@code
   * start()}; {@link Manager#process(ChildProcess)} gives a builder for a daemon child, a name or
   * JVM options.
   */
  public final JvmProcess start(Manager manager) {
    return manager.process(this).start();
  }
}
