package io.jmanager.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The command-line options that install user types, shared by the daemon and the tools that apply
 * its log: each may also come from the environment variable named in brackets.
 */
final class UserTypeOptions {
  @Option(
      names = "--type",
      split = ",",
      paramLabel = "INTERFACE=IMPLEMENTATION",
      defaultValue = "${env:JMANAGER_TYPES}",
      description = {
        "Installs a user type for Manager.object(name, Interface.class): the implementation",
        "class (public no-arg constructor) clients get an instance of [JMANAGER_TYPES, comma-separated]."
      })
  Map<String, String> types;

  @Option(
      names = "--value-class",
      split = ",",
      defaultValue = "${env:JMANAGER_VALUE_CLASSES}",
      description =
          "A class the user types take or return, registered with Kryo as clients do [JMANAGER_VALUE_CLASSES].")
  List<String> valueClasses;

  @Option(
      names = "--plugin-jar",
      split = ",",
      defaultValue = "${env:JMANAGER_PLUGIN_JARS}",
      description = "A jar holding user types and value classes [JMANAGER_PLUGIN_JARS].")
  List<Path> pluginJars;

  /** Gives {@code builder} the user types, value classes and plugin jars given. */
  void applyTo(ServerConfig.Builder builder) {
    if (types != null) {
      types.forEach(builder::type);
    }
    if (valueClasses != null) {
      valueClasses.forEach(builder::valueClass);
    }
    if (pluginJars != null) {
      pluginJars.forEach(builder::pluginJar);
    }
  }
}
