package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Child JVMs whose classpath is the client with its runtime dependencies and nothing else, as an
 * application that depends on manager-client alone has.
 */
class ClientClasspathIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @TempDir Path directory;

  @Test
  void startWithoutTheServerModule_saysWhichDependencyToAdd() throws Exception {
    Run run = run(Children.StartPrivate.class, List.of(), List.of());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output())
        .contains(IllegalStateException.class.getName())
        .contains("io.jmanager:manager-server")
        .contains("runtime");
  }

  @Test
  void clientAlone_logsNoSlf4jWarnings_evenWhenItsPoolLogs() throws Exception {
    List<String> environment =
        List.of(
            Manager.ADDRESS_ENV + "=127.0.0.1:" + server.port(),
            Manager.AUTHKEY_BASE64_ENV
                + "="
                + Base64.getEncoder().encodeToString(ServerExtension.KEY));

    Run run = run(Children.PoolUser.class, environment, List.of("slf4j-pool"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.output()).contains("result 144").doesNotContain("SLF4J");
  }

  private record Run(int exitCode, String output) {}

  private Run run(Class<?> main, List<String> environment, List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(Children.FAST_START));
    command.addAll(List.of("-cp", clientClasspath(), main.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(variable -> variable.startsWith("JMANAGER_"));
    for (String variable : environment) {
      String[] nameAndValue = variable.split("=", 2);
      builder.environment().put(nameAndValue[0], nameAndValue[1]);
    }
    Path output = directory.resolve("output.txt");
    Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), Files.readString(output));
  }

  /** The client's classes, its runtime dependencies (listed by the build) and the test classes. */
  private static String clientClasspath() throws Exception {
    String dependencies = Files.readString(Path.of("target", "runtime-classpath.txt")).trim();
    return String.join(
        File.pathSeparator,
        Path.of("target", "classes").toAbsolutePath().toString(),
        dependencies,
        Path.of("target", "test-classes").toAbsolutePath().toString());
  }
}
