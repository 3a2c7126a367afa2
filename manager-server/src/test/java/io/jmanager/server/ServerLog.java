package io.jmanager.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects the server's ERROR log lines, which it writes only for a bug (an op that threw, an Error
 * on an event loop), and quiets its per-connection warnings while a fuzzer floods it.
 */
final class ServerLog extends AppenderBase<ILoggingEvent> {
  private final Logger logger = (Logger) LoggerFactory.getLogger("io.jmanager.server");
  private final List<String> errors = new ArrayList<>();
  private Level level;

  /** Starts collecting and logs only errors until {@link #detach()}. */
  void attach() {
    level = logger.getLevel();
    logger.setLevel(Level.ERROR);
    setContext(logger.getLoggerContext());
    start();
    logger.addAppender(this);
  }

  /** Stops collecting and restores the logger's level. */
  void detach() {
    logger.detachAppender(this);
    stop();
    logger.setLevel(level);
  }

  /** Returns and forgets the error lines collected so far. */
  synchronized List<String> drain() {
    List<String> drained = List.copyOf(errors);
    errors.clear();
    return drained;
  }

  @Override
  protected synchronized void append(ILoggingEvent event) {
    if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
      String thrown =
          event.getThrowableProxy() == null
              ? ""
              : ": "
                  + event.getThrowableProxy().getClassName()
                  + " "
                  + event.getThrowableProxy().getMessage();
      errors.add(event.getFormattedMessage() + thrown);
    }
  }
}
