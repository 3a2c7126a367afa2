package io.jmanager.client;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;

/**
 * Starts a program the way {@code mvn exec:java} does: this JVM's {@code java.class.path} holds
 * only this class, and the program's classpath ({@code args[0]}) is a {@link URLClassLoader} set as
 * the thread's context loader, from which the main class {@code args[1]} runs with the other
 * arguments. Uses only the JDK, so that it loads alone.
 */
final class ExecLikeLauncher {
  private ExecLikeLauncher() {}

  public static void main(String[] args) throws Exception {
    String[] entries = args[0].split(File.pathSeparator);
    URL[] urls = new URL[entries.length];
    for (int i = 0; i < entries.length; i++) {
      urls[i] = new File(entries[i]).toURI().toURL();
    }
    try (URLClassLoader loader =
        new URLClassLoader(urls, ExecLikeLauncher.class.getClassLoader())) {
      Thread.currentThread().setContextClassLoader(loader);
      Method main = Class.forName(args[1], true, loader).getMethod("main", String[].class);
      // the test's main classes are package-private, and another loader's package is another one
      main.setAccessible(true);
      main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }
  }
}
