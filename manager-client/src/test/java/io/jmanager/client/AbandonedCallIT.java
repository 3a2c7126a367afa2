package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.LockOp;
import io.jmanager.protocol.Message;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A parked call its caller gives up on (the server has not answered within the call's timeout plus
 * the call timeout, or the caller was interrupted) is cancelled on the server, so that nothing is
 * taken or granted for a caller that is gone; an answer that beat the cancel is returned.
 */
class AbandonedCallIT {
  private static final Duration CALL_TIMEOUT = Duration.ofMillis(300);

  @Test
  void parkedCallUnansweredPastItsTimeoutAndTheCallTimeout_isCancelledOnTheServer()
      throws Exception {
    try (ScriptedServer server = new ScriptedServer();
        Manager manager = server.connect(CALL_TIMEOUT)) {
      SharedLock lock = server.open(() -> manager.lock("stuck"));
      CompletableFuture<Object> outcome = run(() -> lock.tryLock(50, TimeUnit.MILLISECONDS));
      Message.Request acquire = (Message.Request) server.read();
      assertThat(acquire.op()).isEqualTo(LockOp.ACQUIRE);

      assertThat(server.read()).isEqualTo(new Message.Cancel(acquire.id()));
      server.write(new Message.Failure(acquire.id(), ErrorCode.CANCELLED, "cancelled"));

      assertThat(outcome.get(30, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(
              ManagerTimeoutException.class,
              e -> assertThat(e).hasMessageContaining("cancelled on the server"));
    }
  }

  @Test
  void grantThatBeatsTheCancelOfAnAbandonedCall_isReturned_notDropped() throws Exception {
    try (ScriptedServer server = new ScriptedServer();
        Manager manager = server.connect(CALL_TIMEOUT)) {
      SharedLock lock = server.open(() -> manager.lock("late"));
      CompletableFuture<Object> outcome = run(() -> lock.tryLock(50, TimeUnit.MILLISECONDS));
      Message.Request acquire = (Message.Request) server.read();

      assertThat(server.read()).isEqualTo(new Message.Cancel(acquire.id()));
      server.write(new Message.Reply(acquire.id(), true));

      assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(true);
    }
  }

  @Test
  void abandonedCallWhoseCancelIsNotAnsweredEither_throwsManagerTimeoutException()
      throws Exception {
    try (ScriptedServer server = new ScriptedServer();
        Manager manager = server.connect(CALL_TIMEOUT)) {
      SharedLock lock = server.open(() -> manager.lock("dead"));
      CompletableFuture<Object> outcome = run(() -> lock.tryLock(50, TimeUnit.MILLISECONDS));
      Message.Request acquire = (Message.Request) server.read();

      assertThat(server.read()).isEqualTo(new Message.Cancel(acquire.id()));

      assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(ManagerTimeoutException.class);
    }
  }

  @Test
  void interruptedCallAnsweredThatItGotNothing_throwsInterruptedException() throws Exception {
    try (ScriptedServer server = new ScriptedServer();
        Manager manager = server.connect(Duration.ofSeconds(30))) {
      SharedLock lock = server.open(() -> manager.lock("interrupted"));
      AtomicBoolean flagAfter = new AtomicBoolean();
      CompletableFuture<Object> outcome = new CompletableFuture<>();
      Thread caller = start(() -> lock.tryLock(30, TimeUnit.SECONDS), outcome, flagAfter);
      Message.Request acquire = (Message.Request) server.read();

      caller.interrupt();
      assertThat(server.read()).isEqualTo(new Message.Cancel(acquire.id()));
      server.write(new Message.Reply(acquire.id(), false));

      assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
      assertThat(flagAfter).isFalse();
    }
  }

  @Test
  void interruptedCallGrantedBeforeItsCancel_returnsTheGrant_withTheFlagSetAgain()
      throws Exception {
    try (ScriptedServer server = new ScriptedServer();
        Manager manager = server.connect(Duration.ofSeconds(30))) {
      SharedLock lock = server.open(() -> manager.lock("granted"));
      AtomicBoolean flagAfter = new AtomicBoolean();
      CompletableFuture<Object> outcome = new CompletableFuture<>();
      Thread caller = start(() -> lock.tryLock(30, TimeUnit.SECONDS), outcome, flagAfter);
      Message.Request acquire = (Message.Request) server.read();

      caller.interrupt();
      assertThat(server.read()).isEqualTo(new Message.Cancel(acquire.id()));
      server.write(new Message.Reply(acquire.id(), true));

      assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(true);
      assertThat(flagAfter).isTrue();
    }
  }

  /** Runs {@code call} on a new thread; its result, or what it threw. */
  private static CompletableFuture<Object> run(Callable<?> call) {
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    start(call, outcome, new AtomicBoolean());
    return outcome;
  }

  /**
   * Runs {@code call} on a new thread, completing {@code outcome} with its result or what it threw
   * after recording in {@code flagAfter} whether the thread's interrupt flag was set.
   */
  private static Thread start(
      Callable<?> call, CompletableFuture<Object> outcome, AtomicBoolean flagAfter) {
    Thread thread =
        new Thread(
            () -> {
              Object result;
              try {
                result = call.call();
              } catch (Exception e) {
                result = e;
              }
              flagAfter.set(Thread.currentThread().isInterrupted());
              outcome.complete(result);
            });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
