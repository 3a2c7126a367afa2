package io.jmanager.server;

import ch.qos.logback.classic.Level;
import io.jmanager.protocol.Handshake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The daemon's entry point: {@code java -jar manager-server.jar --help}. Every option can also be
 * set by an environment variable, for containers. Exit codes: 143 (SIGTERM) or 130 (SIGINT) after a
 * clean shutdown, as the JVM reports signals, 1 when the server cannot start, 2 for a bad command
 * line.
 */
@Command(
    name = "manager-server",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    description = {
      "Hosts shared objects (dicts, lists, queues, locks, ...) for jmanager clients in other JVMs.",
      "Each option may also be given by the environment variable named in brackets.",
      "Runs until SIGTERM or SIGINT, then answers what it has read, tells clients goodbye and exits."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "143:clean shutdown after SIGTERM (130 after SIGINT)",
      "1:the server could not start (address in use, no authkey off loopback, unreadable key, bad user type)",
      "2:bad command line"
    })
public final class Main implements Callable<Integer> {
  @Option(
      names = "--host",
      defaultValue = "${env:JMANAGER_HOST:-127.0.0.1}",
      description = "Address to bind [JMANAGER_HOST] (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:JMANAGER_PORT:-50000}",
      description =
          "Port to bind, 0 for any free port [JMANAGER_PORT] (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--health-port",
      defaultValue = "${env:JMANAGER_HEALTH_PORT:--1}",
      description = {
        "Port where each connection reads one line, ready or stopping, and is closed;",
        "-1 for none [JMANAGER_HEALTH_PORT] (default: ${DEFAULT-VALUE})."
      })
  int healthPort;

  @Option(
      names = "--health-host",
      defaultValue = "${env:JMANAGER_HEALTH_HOST:-127.0.0.1}",
      description =
          "Address the health port binds [JMANAGER_HEALTH_HOST] (default: ${DEFAULT-VALUE}).")
  String healthHost;

  @Option(
      names = "--authkey-file",
      defaultValue = "${env:JMANAGER_AUTHKEY_FILE}",
      description = {
        "File holding the authkey clients must prove they know [JMANAGER_AUTHKEY_FILE].",
        "Its bytes are the key, less one trailing newline. Without it, the key is the",
        "UTF-8 text of JMANAGER_AUTHKEY; without either, only a loopback address is allowed."
      })
  Path authkeyFile;

  @Option(
      names = "--max-frame-bytes",
      defaultValue = "${env:JMANAGER_MAX_FRAME_BYTES:-16777216}",
      description =
          "Largest request accepted, in bytes [JMANAGER_MAX_FRAME_BYTES] (default: ${DEFAULT-VALUE}).")
  int maxFrameBytes;

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

  @Option(
      names = "--log-level",
      defaultValue = "${env:JMANAGER_LOG_LEVEL:-INFO}",
      description = "${COMPLETION-CANDIDATES} [JMANAGER_LOG_LEVEL] (default: ${DEFAULT-VALUE}).")
  LogLevel logLevel;

  /** The levels {@code --log-level} accepts. */
  enum LogLevel {
    ERROR,
    WARN,
    INFO,
    DEBUG,
    TRACE
  }

  /** Runs the daemon and exits with its status. */
  public static void main(String[] args) {
    CommandLine commandLine =
        new CommandLine(new Main())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                  cmd.getErr().println("manager-server: " + e.getMessage());
                  return 1;
                });
    System.exit(commandLine.execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    setLogLevel(logLevel);
    ServerConfig.Builder builder =
        ServerConfig.builder()
            .host(host)
            .port(port)
            .healthPort(healthHost, healthPort)
            .authkey(authkey())
            .maxFrameBytes(maxFrameBytes);
    if (types != null) {
      types.forEach(builder::type);
    }
    if (valueClasses != null) {
      valueClasses.forEach(builder::valueClass);
    }
    if (pluginJars != null) {
      pluginJars.forEach(builder::pluginJar);
    }
    ServerConfig config = builder.build();
    ManagerServer server = ManagerServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "jmanager-shutdown"));
    stopped.await();
    return 0;
  }

  private byte[] authkey() {
    if (authkeyFile != null) {
      try {
        return Handshake.readKeyFile(authkeyFile);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read authkey file " + authkeyFile, e);
      }
    }
    String text = System.getenv("JMANAGER_AUTHKEY");
    return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
  }

  private static void setLogLevel(LogLevel level) {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.jmanager"))
        .setLevel(Level.toLevel(level.name()));
  }

  /** Supplies {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"jmanager " + ManagerServer.version()};
    }
  }
}
