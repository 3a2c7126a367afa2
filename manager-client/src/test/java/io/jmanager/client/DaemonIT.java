package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the daemon jar as a real process, as a user would. */
class DaemonIT {
  private static final Path JAR = Paths.get("..", "manager-server", "target", "manager-server.jar");
  private static final Pattern READY = Pattern.compile("ready on 127\\.0\\.0\\.1:(\\d+)");

  private final List<Process> processes = new ArrayList<>();
  private final List<String> output = new CopyOnWriteArrayList<>();

  /** Kills what a test left running; SIGTERM is sent with toHandle() to keep the output open. */
  @AfterEach
  void stopEverything() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void help_documentsEveryOptionAndItsEnvironmentVariable() throws Exception {
    Process daemon = start(List.of("--help"), null);

    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.exitValue()).isZero();
    String help = String.join("\n", output);
    for (String option :
        List.of(
            "--host",
            "--port",
            "--authkey-file",
            "--admin-authkey-file",
            "--max-frame-bytes",
            "--log-level",
            "--tls-cert",
            "--tls-key",
            "--tls-client-ca",
            "JMANAGER_TLS_CLIENT_CA",
            "JMANAGER_HOST",
            "JMANAGER_PORT",
            "JMANAGER_AUTHKEY",
            "Exit codes")) {
      assertThat(help).contains(option);
    }
  }

  @Test
  void nonLoopbackAddressWithoutAuthkey_isRefusedWithExitCode1() throws Exception {
    Process daemon = start(List.of("--host", "0.0.0.0", "--port", "0"), null);

    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.exitValue()).isEqualTo(1);
    assertThat(String.join("\n", output)).contains("without an authkey");
  }

  @Test
  void unknownOption_exitsWithCode2() throws Exception {
    Process daemon = start(List.of("--no-such-option"), null);

    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.exitValue()).isEqualTo(2);
  }

  @Test
  void sigterm_failsParkedCalls_tellsClients_andStopsCleanly() throws Exception {
    Path key = Files.createTempFile("jmanager", ".key");
    Files.writeString(key, "daemon-key\n");
    Process daemon = start(List.of("--port", "0", "--authkey-file", key.toString()), null);
    int port = awaitReadyPort();
    Manager manager =
        Manager.connect("127.0.0.1", port, "daemon-key".getBytes(StandardCharsets.UTF_8));
    SharedQueue<String> queue = manager.queue("jobs");
    queue.put("one");
    assertThat(queue.take()).isEqualTo("one");
    CompletableFuture<Throwable> parked = new CompletableFuture<>();
    Thread taker = new Thread(() -> parked.complete(takeFailure(queue)));
    taker.start();
    await().until(() -> queue.waitingConsumers() == 1);

    daemon.toHandle().destroy();

    assertThat(parked.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("shutting down");
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.exitValue()).isEqualTo(143);
    await().untilAsserted(() -> assertThat(String.join("\n", output)).contains("jmanager stopped"));
    assertThatThrownBy(queue::size).isInstanceOf(ManagerException.class);
    manager.close();
    Files.delete(key);
  }

  @Test
  void adminShutdown_needsTheAdminKey_andExitsWithCode0() throws Exception {
    Path dataKey = Files.createTempFile("jmanager", ".key");
    Path adminKey = Files.createTempFile("jmanager-admin", ".key");
    Files.writeString(dataKey, "data-key\n");
    Files.writeString(adminKey, "admin-key\n");
    Process daemon =
        start(
            List.of(
                "--port",
                "0",
                "--authkey-file",
                dataKey.toString(),
                "--admin-authkey-file",
                adminKey.toString()),
            null);
    int port = awaitReadyPort();

    try (Manager data =
        Manager.connect("127.0.0.1", port, "data-key".getBytes(StandardCharsets.UTF_8))) {
      assertThatThrownBy(() -> data.admin().shutdownServer())
          .isInstanceOf(ForbiddenException.class)
          .hasMessageContaining("admin key");
      assertThat(daemon.isAlive()).isTrue();
    }
    try (Manager admin =
        Manager.connect("127.0.0.1", port, "admin-key".getBytes(StandardCharsets.UTF_8))) {
      admin.admin().shutdownServer();
    }

    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.exitValue()).isZero();
    assertThat(String.join("\n", output)).contains("asked the server to shut down");
    Files.delete(dataKey);
    Files.delete(adminKey);
  }

  @Test
  void sigkill_failsEveryPendingCallPromptly() throws Exception {
    Process daemon = start(List.of("--port", "0"), null);
    int port = awaitReadyPort();
    Manager manager = Manager.connect("127.0.0.1", port, new byte[0]);
    SharedQueue<String> queue = manager.queue("orphaned");
    CompletableFuture<Throwable> parked = new CompletableFuture<>();
    Thread taker = new Thread(() -> parked.complete(takeFailure(queue)));
    taker.start();
    await().until(() -> queue.waitingConsumers() == 1);
    long start = System.nanoTime();

    daemon.toHandle().destroyForcibly();

    assertThat(parked.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("127.0.0.1:" + port);
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(java.time.Duration.ofSeconds(5));
    assertThatThrownBy(queue::size).isInstanceOf(ManagerException.class);
    manager.close();
  }

  @Test
  void environmentVariables_configurePortAndAuthkey() throws Exception {
    Process daemon = start(List.of(), "env-key");
    int port = awaitReadyPort();

    try (Manager manager =
        Manager.connect("127.0.0.1", port, "env-key".getBytes(StandardCharsets.UTF_8))) {
      manager.<String, String>dict("env").put("k", "v");
      assertThat(manager.names()).containsKey("env");
    }
    assertThatThrownBy(() -> Manager.connect("127.0.0.1", port, new byte[0]))
        .isInstanceOf(AuthenticationException.class);
    daemon.toHandle().destroy();
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void tlsSettingsFromTheEnvironment_serveMutualTlsClients(@TempDir Path folder) throws Exception {
    TestCertificates.Ca ca = new TestCertificates(folder).ca("ca");
    TestCertificates.Pair server = ca.server("server", "127.0.0.1");
    TestCertificates.Pair client = ca.client("client");
    startWithEnvironment(
        List.of(),
        Map.of(
            "JMANAGER_PORT", "0",
            "JMANAGER_TLS_CERT", server.certificate().toString(),
            "JMANAGER_TLS_KEY", server.key().toString(),
            "JMANAGER_TLS_CLIENT_CA", ca.pem().toString()));
    int port = awaitReadyPort();

    assertThat(String.join("\n", output)).contains("mutual TLS");
    try (Manager manager =
        Manager.builder()
            .address("127.0.0.1", port)
            .tls(ca.pem())
            .tlsClientCertificate(client.certificate(), client.key())
            .connect()) {
      manager.<String, String>dict("tls").put("k", "v");
      assertThat(manager.names()).containsKey("tls");
    }
    assertThatThrownBy(() -> Manager.builder().address("127.0.0.1", port).tls(ca.pem()).connect())
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void aTlsCertificateWithoutItsKey_isABadCommandLine() throws Exception {
    Process daemon = start(List.of("--port", "0", "--tls-cert", "server.pem"), null);

    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.exitValue()).isEqualTo(2);
    assertThat(String.join("\n", output)).contains("--tls-cert and --tls-key");
  }

  @Test
  void aDurableDaemon_refusesAUserTypeItsSnapshotsCouldNotHold_withExitCode1(@TempDir Path folder)
      throws Exception {
    Path testClasses =
        Path.of(Tally.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process daemon =
        start(
            List.of(
                "--port",
                "0",
                "--data-dir",
                folder.toString(),
                "--plugin-jar",
                testClasses.toString(),
                "--type",
                Tally.class.getName() + "=" + TallyImpl.class.getName()),
            null);

    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.exitValue()).isEqualTo(1);
    await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertThat(String.join("\n", output))
                    .contains(
                        "manager-server: a durable server's snapshots could not hold "
                            + TallyImpl.class.getName()
                            + ": its field 'largest' holds "
                            + Tally.Entry.class.getName()
                            + ", a class not registered with --value-class")
                    .doesNotContain("Exception"));
  }

  @Test
  void aMissingTlsFile_stopsTheDaemonWithExitCode1_namingTheFile(@TempDir Path folder)
      throws Exception {
    Path missing = folder.resolve("missing.pem");
    Process daemon =
        start(
            List.of("--port", "0", "--tls-cert", missing.toString(), "--tls-key", "key.pem"), null);

    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.exitValue()).isEqualTo(1);
    assertThat(String.join("\n", output))
        .contains("manager-server: cannot read TLS certificate file " + missing + ": no such file")
        .doesNotContain("Exception");
  }

  private static Throwable takeFailure(SharedQueue<String> queue) {
    try {
      return new AssertionError("took " + queue.take());
    } catch (Throwable e) {
      return e;
    }
  }

  private int awaitReadyPort() {
    return await()
        .atMost(60, TimeUnit.SECONDS)
        .until(
            () -> output.stream().map(READY::matcher).filter(Matcher::find).findFirst(),
            java.util.Optional::isPresent)
        .map(matcher -> Integer.parseInt(matcher.group(1)))
        .orElseThrow();
  }

  private Process start(List<String> args, String authkey) throws IOException {
    return startWithEnvironment(
        args,
        authkey == null ? Map.of() : Map.of("JMANAGER_AUTHKEY", authkey, "JMANAGER_PORT", "0"));
  }

  private Process startWithEnvironment(List<String> args, Map<String, String> environment)
      throws IOException {
    assertThat(JAR).as("run `mvn package` first").exists();
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("JMANAGER_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    processes.add(process);
    Thread reader = new Thread(() -> collect(process), "daemon-output");
    reader.setDaemon(true);
    reader.start();
    return process;
  }

  private void collect(Process process) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      lines.lines().forEach(output::add);
    } catch (IOException e) {
      output.add("output ended: " + e);
    }
  }

  private static String javaBinary() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }
}
