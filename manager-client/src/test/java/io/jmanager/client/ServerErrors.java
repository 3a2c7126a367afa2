package io.jmanager.client;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects the in-process server's ERROR log lines, which it writes only for a bug (an op that
 * threw, an Error on an event loop), and quiets its per-connection warnings while a fuzzer floods
 * it with refused connections.
 */
final class ServerErrors extends AppenderBase<ILoggingEvent> {
  private final Logger logger = (Logger) LoggerFactory.getLogger("io.jmanager.server");
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private Level level;

  /** Starts collecting; only errors are logged until {@link #detach()}. */
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

  /** The error lines collected so far. */
  List<String> errors() {
    return List.copyOf(errors);
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
      errors.add(
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null
                  ? ""
                  : ": " + event.getThrowableProxy().getClassName()));
    }
  }
}
