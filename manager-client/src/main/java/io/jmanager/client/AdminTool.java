package io.jmanager.client;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The daemon's admin operations from a shell, for operators: list sessions, release a lock, delete
 * an object, shut the daemon down. Runs from any classpath holding the client, for example the
 * examples jar or image:
 *
 * <pre>
 * java -cp jmanager-examples.jar io.jmanager.client.AdminTool \
 *   --address db-host:50000 --authkey-file admin.key sessions
 * </pre>
 *
 * <p>Exit codes: 0 done, 1 the operation failed (the daemon cannot be reached, the key is wrong or
 * is not the admin key, no such lock), 2 bad command line.
 *
 * <h2>Errors</h2>
 *
 * <p>{@link #main} throws nothing: a failed operation prints its reason on standard error and exits
 * with status 1, a bad command line with status 2.
 */
@Command(
    name = "AdminTool",
    mixinStandardHelpOptions = true,
    description = "Runs the admin operations of a jmanager daemon.",
    footer = {
      "The address comes from JMANAGER_ADDRESS and the key from JMANAGER_AUTHKEY_FILE (or",
      "JMANAGER_AUTHKEY, JMANAGER_AUTHKEY_BASE64) unless given here; TLS from JMANAGER_TLS_CA,",
      "JMANAGER_TLS_CERT and JMANAGER_TLS_KEY. Use the admin key when the daemon has one."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:the operation failed", "2:bad command line"})
public final class AdminTool implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--address",
      description =
          "The daemon as host:port, or a cluster as host:port,host:port,... [JMANAGER_ADDRESS].")
  private String address;

  @Option(names = "--authkey-file", description = "A file holding the (admin) key.")
  private Path authkeyFile;

  private AdminTool() {}

  /** Runs one admin operation and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, with failures of the daemon reported as one line and exit code 1. */
  static CommandLine commandLine() {
    return new CommandLine(new AdminTool())
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              cmd.getErr().println("AdminTool: " + e.getMessage());
              return e instanceof ManagerException || e instanceof IllegalStateException ? 1 : 2;
            });
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  @Command(
      name = "sessions",
      description =
          "Lists the open sessions: id, address, key, connected at, calls waiting, answers kept"
              + " unacknowledged (durable mode), held.")
  int sessions() {
    try (Manager manager = connect()) {
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "%-6s %-24s %-5s %-24s %7s %7s  %s%n",
          "id", "address", "key", "connected", "waiting", "unacked", "holding");
      for (Admin.SessionInfo session : manager.admin().sessions()) {
        out.printf(
            "%-6d %-24s %-5s %-24s %7d %7d  %s%n",
            session.id(),
            session.remoteAddress(),
            session.admin() ? "admin" : "data",
            session.connectedAt(),
            session.parkedCalls(),
            session.unacknowledged(),
            String.join(",", session.holding()));
      }
      out.flush();
    }
    return 0;
  }

  @Command(
      name = "cluster",
      description =
          "Says which member of a cluster leads, in which term, and lists the members with how"
              + " far each one's log is committed.")
  int cluster() {
    try (Manager manager = connect()) {
      PrintWriter out = spec.commandLine().getOut();
      Admin.ClusterInfo cluster = manager.admin().cluster();
      if (cluster.leader().isEmpty()) {
        out.println("not a cluster: the server keeps its objects in memory");
      } else {
        out.println("leader " + cluster.leader() + " (term " + cluster.term() + ")");
        for (String member : cluster.members()) {
          String id = member.substring(0, member.indexOf('='));
          out.println(
              "member " + member + " committed " + cluster.committed().getOrDefault(id, -1L));
        }
      }
      out.flush();
    }
    return 0;
  }

  @Command(name = "names", description = "Lists every shared object's name and type.")
  int names() {
    try (Manager manager = connect()) {
      PrintWriter out = spec.commandLine().getOut();
      manager.names().forEach((name, type) -> out.println(name + "\t" + type));
      out.flush();
    }
    return 0;
  }

  @Command(
      name = "release-lock",
      description =
          "Frees a lock or rlock whatever its holder; prints the former holder's session.")
  int releaseLock(@Parameters(paramLabel = "NAME", description = "The lock.") String name) {
    try (Manager manager = connect()) {
      PrintWriter out = spec.commandLine().getOut();
      manager
          .admin()
          .releaseLock(name)
          .ifPresentOrElse(
              holder -> out.println("released '" + name + "', held by session " + holder),
              () -> out.println("'" + name + "' was not held"));
      out.flush();
    }
    return 0;
  }

  @Command(name = "delete", description = "Deletes a shared object; calls waiting on it fail.")
  int delete(@Parameters(paramLabel = "NAME", description = "The object.") String name) {
    try (Manager manager = connect()) {
      boolean existed = manager.delete(name);
      spec.commandLine().getOut().println(existed ? "deleted '" + name + "'" : "no '" + name + "'");
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  @Command(
      name = "step-down",
      description =
          "Makes the leader of a cluster step down; the members elect a leader again, and the next"
              + " one sends the newest snapshot to a member restarted after losing its disk.")
  int stepDown() {
    try (Manager manager = connect()) {
      PrintWriter out = spec.commandLine().getOut();
      Optional<String> stepped = manager.admin().stepDown();
      out.println(
          stepped
              .map(leader -> leader + " stepped down; the members elect a leader again")
              .orElse("the member reached no longer led; run `cluster` to see who does"));
      out.flush();
    }
    return 0;
  }

  @Command(name = "shutdown", description = "Shuts the daemon down as SIGTERM would.")
  int shutdown() {
    try (Manager manager = connect()) {
      manager.admin().shutdownServer();
      spec.commandLine().getOut().println("the daemon is shutting down");
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  private Manager connect() {
    Manager.Builder builder = Manager.builder();
    if (address != null) {
      EnvironmentSettings environment = EnvironmentSettings.current();
      builder.addresses(address);
      environment.key(builder);
      environment.tls(builder);
      environment.keepalive(builder);
    } else if (System.getenv(Manager.ADDRESS_ENV) != null) {
      builder.fromEnvironment();
    } else {
      throw new ParameterException(
          spec.commandLine(), "give --address host:port, or set " + Manager.ADDRESS_ENV);
    }
    if (authkeyFile != null) {
      builder.authkey(EnvironmentSettings.readKeyFile(authkeyFile));
    }
    return builder.connect();
  }
}
