package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import java.util.List;

/**
 * Twin of seed 004's {@code info} program, which prints the parent's and the child's process ids:
 *
 * <pre>
 * def info(title):
 *     print(title)
 *     print('module name:', __name__)
 *     print('parent process:', os.getppid())
 *     print('process id:', os.getpid())
 *     print("\n\n")
 *
 * def f(name):
 *     info('\033[31;1mfunction f\033[0m')
 *     print('hello', name)
 *
 * info('\033[32;1mmain process line\033[0m')
 * p = Process(target=f, args=('bob',))
 * p.start()
 * p.join()
 * </pre>
 *
 * <p>The module name is the class's. A Java child gets its target through a manager, so the twin
 * starts a private one where Python needs none. Checked: the child's parent process is this JVM,
 * its own id is the one {@code JvmProcess.pid()} reports, and it greeted bob.
 */
public final class ProcessInfo {
  private ProcessInfo() {}

  /** Python's {@code info}: the title, the module, the parent's and this process's ids. */
  static void info(String title) {
    System.out.println(title);
    System.out.println("module name: " + ProcessInfo.class.getName());
    System.out.println(
        "parent process: " + ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L));
    System.out.println("process id: " + ProcessHandle.current().pid());
    System.out.println("\n\n");
  }

  /** Python's {@code f}: the child's info, then the greeting. */
  static void f(String name) {
    info("\033[31;1mfunction f\033[0m");
    System.out.println("hello " + name);
  }

  /** Prints this JVM's info, runs {@code f} in a child and checks the child's. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start();
        Transcript out = new Transcript()) {
      info("\033[32;1mmain process line\033[0m");
      JvmProcess p = m.process(ProcessInfo::f, "bob").redirectOutput(out.file()).start();
      p.join();
      List<String> lines = out.show();
      long self = ProcessHandle.current().pid();
      Check.that(
          lines.contains("parent process: " + self), "the child's parent process is " + self);
      Check.that(lines.contains("process id: " + p.pid()), "the child's process id is " + p.pid());
      Check.that(lines.contains("hello bob"), "the child printed hello bob");
      Check.exitedCleanly(p);
    }
    Check.exit();
  }
}
