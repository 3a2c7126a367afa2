package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JvmProcessIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void child_exitCodeIsReported() throws Exception {
    JvmProcess child =
        JvmProcess.builder(Children.ExitWith.class)
            .jvmOptions(Children.FAST_START)
            .args("3")
            .start();

    child.join();

    assertThat(child.isAlive()).isFalse();
    assertThat(child.exitCode()).hasValue(3);
  }

  @Test
  void child_connectsWithTheKeyFromItsEnvironment_whichIsNotOnItsCommandLine() throws Exception {
    Manager manager = server.connect();
    JvmProcess child = start(manager, Children.Waiter.class, "env-check");
    Map<String, Long> seen = manager.dict("env-check");
    await().atMost(60, TimeUnit.SECONDS).until(() -> seen.containsKey("pid"));

    String commandLine =
        new String(
            Files.readAllBytes(Paths.get("/proc", Long.toString(child.pid()), "cmdline")),
            StandardCharsets.UTF_8);
    String key = Base64.getEncoder().encodeToString(ServerExtension.KEY);
    assertThat(commandLine).contains(Children.Waiter.class.getName());
    assertThat(commandLine).doesNotContain(key).doesNotContain("test-authkey");
    assertThat(seen.get("pid")).isEqualTo(child.pid());
    assertThat(child.join(Duration.ofMillis(50))).isFalse();
    manager.<String>queue("env-check-q").put("go");
    assertThat(child.join(Duration.ofSeconds(30))).isTrue();
    assertThat(child.exitCode()).hasValue(0);
  }

  @Test
  void redirectedOutput_collectsBothStreamsInTheFile() throws Exception {
    java.nio.file.Path log = Files.createTempFile("jmanager-child", ".log");
    JvmProcess child =
        JvmProcess.builder(Children.Echo.class)
            .jvmOptions(Children.FAST_START)
            .args("hello")
            .redirectOutput(log.toFile())
            .start();

    assertThat(child.join(Duration.ofSeconds(30))).isTrue();

    assertThat(Files.readString(log)).contains("out: hello").contains("err: hello");
    Files.delete(log);
  }

  @Test
  void terminateAndKill_stopTheChild_withTheSignalsExitCodes() throws Exception {
    Manager manager = server.connect();
    JvmProcess terminated = start(manager, Children.Waiter.class, "signals-a");
    JvmProcess killed = start(manager, Children.Waiter.class, "signals-b");
    await()
        .atMost(60, TimeUnit.SECONDS)
        .until(
            () ->
                manager.dict("signals-a").containsKey("pid")
                    && manager.dict("signals-b").containsKey("pid"));

    terminated.terminate();
    killed.kill();

    assertThat(terminated.join(Duration.ofSeconds(30))).isTrue();
    assertThat(killed.join(Duration.ofSeconds(30))).isTrue();
    assertThat(terminated.exitCode()).hasValue(143);
    assertThat(killed.exitCode()).hasValue(137);
  }

  @Test
  void daemonChild_diesWhenItsParentIsKilled() throws Exception {
    Manager manager = server.connect();
    Map<String, Long> seen = manager.dict("daemon");
    JvmProcess parent = start(manager, Children.DaemonParent.class, "daemon");
    await().atMost(60, TimeUnit.SECONDS).until(() -> seen.containsKey("grandchild"));
    Optional<ProcessHandle> grandchild = ProcessHandle.of(seen.get("grandchild"));
    assertThat(grandchild).isPresent();

    parent.kill();

    await().atMost(30, TimeUnit.SECONDS).until(() -> !grandchild.get().isAlive());
  }

  @Test
  void childThatFindsNoManager_failsJoin_withProcessStartException_namingTheCause()
      throws Exception {
    JvmProcess child =
        JvmProcess.builder(Children.Put.class)
            .jvmOptions(Children.FAST_START)
            .args("no-manager", "x")
            .start();

    assertThatThrownBy(() -> child.join(Duration.ofSeconds(60)))
        .isInstanceOf(ProcessStartException.class)
        .hasMessageContaining("could not start")
        .hasMessageContaining(Manager.ADDRESS_ENV + " is not set");
    assertThatThrownBy(child::join).isInstanceOf(ProcessStartException.class);
    assertThat(child.exitCode()).hasValue(StartReport.START_FAILED);
  }

  @Test
  void childWhoseJvmRefusesItsOptions_failsJoin_withProcessStartException() {
    JvmProcess child =
        JvmProcess.builder(Children.Echo.class)
            .jvmOptions("-XX:+NoSuchJmanagerOption")
            .args("never")
            .start();

    assertThatThrownBy(() -> child.join(Duration.ofSeconds(60)))
        .isInstanceOf(ProcessStartException.class)
        .hasMessageContaining("before its main method ran");
  }

  @Test
  void childWhoseMainClassIsNotOnItsClasspath_failsJoin_withProcessStartException() {
    String withoutTests =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.endsWith("test-classes"))
            .collect(Collectors.joining(File.pathSeparator));
    JvmProcess child =
        JvmProcess.builder(Children.Echo.class)
            .jvmOptions(Children.FAST_START)
            .classpath(withoutTests)
            .args("never")
            .start();

    assertThatThrownBy(() -> child.join(Duration.ofSeconds(60)))
        .isInstanceOf(ProcessStartException.class)
        .hasMessageContaining("cannot load its main class")
        .hasMessageContaining(Children.Echo.class.getName());
  }

  @Test
  void aMainClassWithoutAStaticMain_isRefusedInTheParent() {
    assertThatThrownBy(() -> JvmProcess.builder(Children.InstanceMain.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be static");
    assertThatThrownBy(() -> JvmProcess.builder(String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no static main(String[])");
  }

  @Test
  void childOfAProgramRunInAClassLoader_asMavenExecJavaRunsIt_getsTheProgramsClasspath()
      throws Exception {
    Manager manager = server.connect();
    Path launcherOnly = Files.createTempDirectory("jmanager-exec-like");
    Path launcher = launcherOnly.resolve("io/jmanager/client/ExecLikeLauncher.class");
    Files.createDirectories(launcher.getParent());
    try (InputStream in = ExecLikeLauncher.class.getResourceAsStream("ExecLikeLauncher.class")) {
      Files.copy(in, launcher);
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                launcherOnly.toString(),
                ExecLikeLauncher.class.getName(),
                System.getProperty("java.class.path"),
                Children.SpawnPut.class.getName(),
                "exec-like",
                "from a grandchild")
            .inheritIO();
    builder.environment().put(Manager.ADDRESS_ENV, "127.0.0.1:" + server.port());
    builder
        .environment()
        .put(Manager.AUTHKEY_BASE64_ENV, Base64.getEncoder().encodeToString(ServerExtension.KEY));

    Process parent = builder.start();

    assertThat(parent.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(parent.exitValue()).isZero();
    assertThat(manager.<String>queue("exec-like").poll(30, TimeUnit.SECONDS))
        .isEqualTo("from a grandchild");
  }

  private static JvmProcess start(Manager manager, Class<?> main, String arg) {
    return JvmProcess.builder(main)
        .manager(manager)
        .daemon(true)
        .jvmOptions(Children.FAST_START)
        .args(arg)
        .start();
  }
}
