package io.jmanager.examples;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Python's {@code time.sleep} for pool tasks, which cannot throw checked exceptions, and {@code
 * ctime}.
 */
final class Time {
  private static final DateTimeFormatter CTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

  private Time() {}

  /** Sleeps {@code seconds}; an interrupt ends the sleep early and stays set. */
  static void sleep(double seconds) {
    try {
      Thread.sleep((long) (seconds * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The local time as Python's {@code time.ctime()} writes it: {@code Wed Oct 16 22:06:11 2019}.
   */
  static String ctime() {
    return LocalDateTime.now().format(CTIME);
  }
}
