package io.jmanager.client;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Optional;

/**
 * The first main of every {@link JvmProcess} child: a daemon child starts watching its parent and
 * halts when the parent is gone, even if the parent was killed outright; then the user's main runs.
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
    Method main = Class.forName(args[0]).getDeclaredMethod("main", String[].class);
    if (!Modifier.isStatic(main.getModifiers())) {
      throw new IllegalArgumentException(args[0] + ".main(String[]) must be static");
    }
    main.setAccessible(true);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void watch(long parentPid) {
    Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
    if (parent.isEmpty()) {
      Runtime.getRuntime().halt(ORPHANED);
    }
    parent.get().onExit().thenRun(() -> Runtime.getRuntime().halt(ORPHANED));
  }
}
