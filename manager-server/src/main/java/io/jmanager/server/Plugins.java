package io.jmanager.server;

import com.esotericsoftware.kryo.Kryo;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ValueKryo;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The user types the operator installed, Python's {@code register()}: for each interface name, the
 * implementation class to instantiate, loaded from the plugin jars; and the value classes their
 * methods take and return, registered with Kryo under the same ids clients use, with the
 * implementation classes themselves, whose instances a snapshot writes. Everything is checked at
 * startup, so a bad configuration stops the server instead of failing a client later.
 */
final class Plugins {
  private final Map<String, Class<?>> interfaces = new HashMap<>();
  private final Map<String, Constructor<?>> constructors = new HashMap<>();
  private final Map<Class<?>, Integer> valueClasses = new HashMap<>();

  Plugins(ServerConfig config) {
    ClassLoader loader = loader(config.pluginJars());
    for (String name : config.valueClasses()) {
      Class<?> type = load(loader, name);
      valueClasses.put(type, ValueKryo.nameId(type));
    }
    config.types().forEach((iface, impl) -> install(loader, iface, impl));
    if (config.dataDir().isPresent()) {
      Kryo kryo = kryo();
      constructors
          .values()
          .forEach(constructor -> checkWritable(constructor.getDeclaringClass(), kryo));
    }
  }

  /**
   * Refuses, in the durable mode, an implementation whose instances its snapshots could not write:
   * one with a field whose declared class is final (a record, an enum) and not a value class. (A
   * field declared with an interface or an open class may still hold an unregistered class; a
   * snapshot that meets one fails, and says so in the log.)
   */
  private static void checkWritable(Class<?> impl, Kryo kryo) {
    for (Class<?> type = impl; type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        Class<?> held = field.getType();
        boolean written =
            !Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers());
        boolean exact = Modifier.isFinal(held.getModifiers()) || held.isEnum();
        if (written
            && exact
            && !held.isPrimitive()
            && !held.isArray()
            && kryo.getClassResolver().getRegistration(held) == null) {
          throw new IllegalArgumentException(
              "a durable server's snapshots could not hold "
                  + impl.getName()
                  + ": its field '"
                  + field.getName()
                  + "' holds "
                  + held.getName()
                  + ", a class not registered with --value-class");
        }
      }
    }
  }

  private void install(ClassLoader loader, String interfaceName, String implementationName) {
    Class<?> iface = load(loader, interfaceName);
    Class<?> impl = load(loader, implementationName);
    if (!iface.isInterface() || !iface.isAssignableFrom(impl)) {
      throw new IllegalArgumentException(
          implementationName + " must implement the interface " + interfaceName);
    }
    try {
      constructors.put(interfaceName, impl.getConstructor());
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(implementationName + " needs a public no-arg constructor");
    }
    interfaces.put(interfaceName, iface);
    // a snapshot writes each instance whole
    valueClasses.put(impl, ValueKryo.nameId(impl));
  }

  /** A new instance of the implementation registered for {@code interfaceName}. */
  UserObject create(long id, String name, String interfaceName) {
    Constructor<?> constructor = constructors.get(interfaceName);
    if (constructor == null) {
      throw new OpException(
          ErrorCode.ILLEGAL_ARGUMENT, "no type is registered on the server for " + interfaceName);
    }
    try {
      Object instance = constructor.newInstance();
      return new UserObject(id, name, interfaces.get(interfaceName), instance, kryo());
    } catch (InvocationTargetException | InstantiationException | IllegalAccessException e) {
      throw new OpException(
          ErrorCode.REMOTE_EXCEPTION, "cannot create a " + constructor.getName() + ": " + e);
    }
  }

  private Kryo kryo() {
    return ValueKryo.create(valueClasses);
  }

  private static ClassLoader loader(List<Path> jars) {
    ClassLoader parent = Plugins.class.getClassLoader();
    if (jars.isEmpty()) {
      return parent;
    }
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jars.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new UncheckedIOException("bad plugin jar path " + jars.get(i), e);
      }
    }
    return new URLClassLoader(urls, parent);
  }

  private static Class<?> load(ClassLoader loader, String name) {
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("class " + name + " is not on the server's plugin path");
    }
  }
}
