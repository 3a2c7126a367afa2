package io.jmanager.client;

/**
 * The main class of a child started by {@link Manager#process}: reads the target the parent wrote
 * to its standard input, connects to the parent's manager, opens the proxies the target carries on
 * it, runs the target and closes the manager. A target that throws ends the child with exit code 1
 * and the exception printed, as an uncaught exception in {@code main} does.
 */
final class TargetProcess {
  private TargetProcess() {}

  /** Takes no arguments: the target comes on standard input. */
  public static void main(String[] args) throws Exception {
    byte[] target = System.in.readAllBytes();
    try (Manager manager = Manager.fromEnvironment()) {
      manager.taskCodec().decodeProcess(target).run();
    }
  }
}
