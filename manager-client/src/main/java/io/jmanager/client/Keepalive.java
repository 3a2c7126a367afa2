package io.jmanager.client;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketOption;
import java.time.Duration;
import java.util.Map;
import jdk.net.ExtendedSocketOptions;

/**
 * TCP keepalive of a client's connection: after {@code idleSeconds} of silence the operating system
 * probes the server every {@code intervalSeconds} and drops the connection after {@code count}
 * unanswered probes, so a server that vanished is found after idle + count x interval seconds.
 * Immutable.
 */
record Keepalive(int idleSeconds, int intervalSeconds, int count) {
  /** 15 s, 5 s and 3 probes, as the server's defaults: a vanished peer is found after 30 s. */
  static final Keepalive DEFAULT = new Keepalive(15, 5, 3);

  /** Checks the bounds Linux sets: times 1 to 32,767 s, count 1 to 127. */
  Keepalive {
    seconds(idleSeconds, "keepalive idle");
    seconds(intervalSeconds, "keepalive interval");
    if (count < 1 || count > 127) {
      throw new IllegalArgumentException("keepalive count must be 1 to 127, not " + count);
    }
  }

  /** The keepalive of these durations, which must be whole seconds. */
  static Keepalive of(Duration idle, Duration interval, int count) {
    return new Keepalive(
        wholeSeconds(idle, "keepalive idle"), wholeSeconds(interval, "keepalive interval"), count);
  }

  /**
   * This keepalive with what the environment sets instead; throws {@link IllegalStateException}
   * when a variable is not a number in bounds.
   */
  Keepalive withEnvironment(Map<String, String> environment) {
    try {
      return new Keepalive(
          number(environment, Manager.KEEPALIVE_IDLE_ENV, idleSeconds),
          number(environment, Manager.KEEPALIVE_INTERVAL_ENV, intervalSeconds),
          number(environment, Manager.KEEPALIVE_COUNT_ENV, count));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "the JMANAGER_KEEPALIVE_* variables must be whole numbers in bounds: " + e.getMessage(),
          e);
    }
  }

  /** Makes a child's environment carry this keepalive, as {@link #withEnvironment} reads it. */
  void environment(Map<String, String> environment) {
    environment.put(Manager.KEEPALIVE_IDLE_ENV, Integer.toString(idleSeconds));
    environment.put(Manager.KEEPALIVE_INTERVAL_ENV, Integer.toString(intervalSeconds));
    environment.put(Manager.KEEPALIVE_COUNT_ENV, Integer.toString(count));
  }

  /**
   * Turns keepalive on for {@code socket} with these times, where the operating system lets them be
   * set; elsewhere its own defaults apply.
   */
  void apply(Socket socket) throws IOException {
    socket.setKeepAlive(true);
    set(socket, ExtendedSocketOptions.TCP_KEEPIDLE, idleSeconds);
    set(socket, ExtendedSocketOptions.TCP_KEEPINTERVAL, intervalSeconds);
    set(socket, ExtendedSocketOptions.TCP_KEEPCOUNT, count);
  }

  private static void set(Socket socket, SocketOption<Integer> option, int value)
      throws IOException {
    if (socket.supportedOptions().contains(option)) {
      socket.setOption(option, value);
    }
  }

  private static int number(Map<String, String> environment, String name, int otherwise) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? otherwise : Integer.parseInt(value.trim());
  }

  private static int wholeSeconds(Duration time, String what) {
    if (time.getNano() != 0 || time.getSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(what + " must be whole seconds, not " + time);
    }
    return (int) time.getSeconds();
  }

  private static void seconds(int seconds, String what) {
    if (seconds < 1 || seconds > 32_767) {
      throw new IllegalArgumentException(what + " must be 1 to 32767 s, not " + seconds);
    }
  }
}
