package io.jmanager.docker;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs container tests only where a Docker engine answers. Elsewhere they are skipped with a
 * message, unless {@code JMANAGER_REQUIRE_DOCKER=true} (set by CI), where a missing engine fails
 * them instead of letting them skip unnoticed.
 */
final class DockerRequired implements ExecutionCondition {
  static final String REQUIRE_ENV = "JMANAGER_REQUIRE_DOCKER";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (DockerClientFactory.instance().isDockerAvailable()) {
      return ConditionEvaluationResult.enabled("a Docker engine answers");
    }
    if (Boolean.parseBoolean(System.getenv(REQUIRE_ENV))) {
      throw new IllegalStateException(
          REQUIRE_ENV + " is set but no Docker engine answers; start one (docker/ci-engine.sh)");
    }
    return ConditionEvaluationResult.disabled(
        "no Docker engine answers: the container tests are skipped (CI starts an engine and runs"
            + " them; set "
            + REQUIRE_ENV
            + "=true to fail instead)");
  }
}
