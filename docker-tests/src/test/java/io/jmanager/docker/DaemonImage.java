package io.jmanager.docker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;

/** The daemon's image, built from {@code docker/Dockerfile} and the server jar of this build. */
final class DaemonImage {
  /** The key the tests' daemons hold, given to them as a Docker secret file. */
  static final byte[] KEY = "container-test-key".getBytes(StandardCharsets.UTF_8);

  /** The daemon's port inside the container. */
  static final int PORT = 50000;

  private static final String SECRET = "/run/secrets/jmanager_authkey";
  private static final ImageFromDockerfile IMAGE = build();

  private DaemonImage() {}

  /** A daemon container holding {@link #KEY}, started only once its healthcheck passes. */
  static GenericContainer<?> daemon() {
    return new GenericContainer<>(IMAGE)
        .withCopyToContainer(Transferable.of(KEY, 0644), SECRET)
        .withEnv("JMANAGER_AUTHKEY_FILE", SECRET)
        .withExposedPorts(PORT)
        .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(2)));
  }

  private static ImageFromDockerfile build() {
    Path root = Path.of(System.getProperty("jmanager.root", "..")).toAbsolutePath().normalize();
    Path jar = root.resolve("manager-server/target/manager-server.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build it with ./mvnw package first");
    }
    String base = System.getenv().getOrDefault("BASE_IMAGE", "eclipse-temurin:17-jre");
    return new ImageFromDockerfile("jmanager-server-test", false)
        .withFileFromPath("Dockerfile", root.resolve("docker/Dockerfile"))
        .withFileFromPath("manager-server/target/manager-server.jar", jar)
        .withBuildArg("BASE_IMAGE", base);
  }
}
