package io.jmanager.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.server.ManagerServer;
import io.jmanager.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs a parent program under {@code mvn exec:java}, where {@code java.class.path} is Maven's
 * launcher and the program's classes live in a class loader of the plugin's: its child JVMs and
 * pool workers must still start and do their work. The build's own Maven runs it from the
 * repository root in a reactor of this module and the ones it needs, so no snapshot need be
 * installed; offline when this build is.
 */
class ExecJavaIT {
  private static final long HANG_BOUND_MINUTES = 5;

  @Test
  void childrenAndPoolWorkers_ofAProgramRunByMavenExecJava_runAndDoTheirWork() throws Exception {
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    try (ManagerServer server =
        ManagerServer.start(ServerConfig.builder().port(0).authkey(key).build())) {
      Path log = Files.createTempFile("jmanager-exec-java", ".log");
      ProcessBuilder maven =
          new ProcessBuilder(command())
              .directory(root().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      maven.environment().put("JMANAGER_ADDRESS", "127.0.0.1:" + server.port());
      maven.environment().put("JMANAGER_AUTHKEY_BASE64", Base64.getEncoder().encodeToString(key));

      int exit = run(maven.start());

      String output = Files.readString(log);
      assertThat(exit).as(output).isZero();
      assertThat(output).contains(ExecJavaParent.DONE);
      Files.delete(log);
    }
  }

  private static List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(root().resolve("mvnw").toString());
    if ("offline=true".equals(System.getProperty("jmanager.maven"))) {
      command.add("-o");
    }
    command.addAll(
        List.of(
            "-B",
            "-q",
            "-ntp",
            "-pl",
            "examples",
            "-am",
            "compile",
            "org.codehaus.mojo:exec-maven-plugin:java",
            "-Dexec.mainClass=" + ExecJavaParent.class.getName(),
            "-Dexec.classpathScope=test"));
    return command;
  }

  /** The repository root: the parent of this module, where the tests run. */
  private static Path root() {
    Path root = Paths.get("").toAbsolutePath().getParent();
    if (!Files.isExecutable(root.resolve("mvnw"))) {
      throw new IllegalStateException("no mvnw in " + root + ": run this test from its module");
    }
    return root;
  }

  private static int run(Process maven) throws InterruptedException, IOException {
    if (!maven.waitFor(HANG_BOUND_MINUTES, TimeUnit.MINUTES)) {
      maven.descendants().forEach(ProcessHandle::destroyForcibly);
      maven.destroyForcibly();
      throw new IOException("mvn exec:java did not finish in " + HANG_BOUND_MINUTES + " minutes");
    }
    return maven.exitValue();
  }
}
