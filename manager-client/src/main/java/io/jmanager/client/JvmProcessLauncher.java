package io.jmanager.client;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Optional;

/**
 * The first main of every {@link JvmProcess} child: a daemon child starts watching its parent and
 * halts when the parent is gone, even if the parent was killed outright; then the user's main runs.
 * What keeps the child from starting (its main class cannot be loaded or has no static main, or its
 * main found no manager in its environment) goes to the parent through the {@link StartReport}.
 */
final class JvmProcessLauncher {
  /** Exit code of a daemon child whose parent died. */
  static final int ORPHANED = 86;

  private JvmProcessLauncher() {}

  /** {@code args[0]} is the user's main class; the rest are its arguments. */
  public static void main(String[] args) throws Throwable {
    String parent = System.getenv(JvmProcess.PARENT_PID_ENV);
    if (parent != null) {
      watch(Long.parseLong(parent));
    }
    Method main;
    try {
      main = mainMethod(Class.forName(args[0], false, JvmProcessLauncher.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      StartReport.fail("cannot load its main class: " + e);
      return;
    } catch (IllegalArgumentException e) {
      StartReport.fail(e.getMessage());
      return;
    }
    main.setAccessible(true);
    StartReport.mark(StartReport.MAIN);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof NoManagerSettingsException) {
        StartReport.fail(e.getCause().getMessage());
      }
      throw e.getCause();
    }
  }

  /**
   * The static {@code main(String[])} of {@code type} or of its nearest superclass that has one;
   * throws {@link IllegalArgumentException} when there is none or it is not static.
   */
  static Method mainMethod(Class<?> type) {
    for (Class<?> each = type; each != null; each = each.getSuperclass()) {
      try {
        Method main = each.getDeclaredMethod("main", String[].class);
        if (!Modifier.isStatic(main.getModifiers())) {
          throw new IllegalArgumentException(
              each.getName() + ".main(String[]) must be static to start a JvmProcess");
        }
        return main;
      } catch (NoSuchMethodException e) {
        // look in the superclass
      }
    }
    throw new IllegalArgumentException(
        type.getName() + " has no static main(String[]) method to start a JvmProcess with");
  }

  private static void watch(long parentPid) {
    Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
    if (parent.isEmpty()) {
      Runtime.getRuntime().halt(ORPHANED);
    }
    parent.get().onExit().thenRun(() -> Runtime.getRuntime().halt(ORPHANED));
  }
}
