package io.jmanager.client;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import picocli.CommandLine;

/**
 * The training run behind a child's class data archive ({@link FastStart}): loads the classes a
 * jmanager child loads (every client and protocol class of the jar holding this one, the value and
 * task codecs' Kryo at work, a pool worker's command line) and exits, for the JVM to archive them.
 */
final class ClassDataTraining {
  private ClassDataTraining() {}

  /** Loads the classes, then exits 0 for the archive to be kept. */
  public static void main(String[] args) throws Exception {
    for (String name : classesBesideThis()) {
      try {
        Class.forName(name, false, ClassDataTraining.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        // a class that needs what this classpath lacks: children cannot load it either
      }
    }
    try {
      exercise();
    } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
      // what ran until then is loaded, and archived all the same
    }
  }

  /**
   * Runs what every child runs: the handshake's buffers and MAC (its class initializer), the
   * codecs' Kryo, and a pool worker's command line.
   */
  private static void exercise() throws ClassNotFoundException {
    Class.forName(ClientHandshake.class.getName(), true, ClassDataTraining.class.getClassLoader());
    ValueCodec values = new ValueCodec(Map.of());
    Map<String, Object> map = new HashMap<>();
    map.put("key", new ArrayList<>(Arrays.asList("text", 1, 2L, 3.0, new byte[1])));
    values.decode(values.encode(map));
    TaskCodec tasks = new TaskCodec(Map.of(), new ProxySerializer(null, null));
    SerializableFunction<Integer, Integer> square = x -> x * x;
    tasks.decodeTask(
        tasks.encodeTask(TaskCodec.Kind.APPLY, tasks.encodeFunction(square), List.of(2)));
    new CommandLine(PoolWorker.class).parseArgs("--pool", "training");
    JvmProcess.builder(PoolWorker.class);
  }

  /** The client and protocol classes in the jar that holds this class; none outside a jar. */
  private static List<String> classesBesideThis() throws IOException, URISyntaxException {
    Path jar =
        Paths.get(
            ClassDataTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> names = new ArrayList<>();
    if (!Files.isRegularFile(jar)) {
      return names;
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        String name = entry.getName();
        if (name.endsWith(".class")
            && (name.startsWith("io/jmanager/client/")
                || name.startsWith("io/jmanager/protocol/"))) {
          names.add(name.substring(0, name.length() - 6).replace('/', '.'));
        }
      }
    }
    return names;
  }
}
