package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeasesTest {
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
  private final List<Long> expired = new CopyOnWriteArrayList<>();
  private final CountDownLatch expiry = new CountDownLatch(1);

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  @Test
  void aLeaseThatRunsOut_expiresItsSession_whichCanNoLongerBeResumed() throws Exception {
    Leases leases = leases(Duration.ofMillis(1));

    leases.start(7);

    assertThat(expiry.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(expired).containsExactly(7L);
    assertThat(leases.stop(7)).isFalse();
  }

  @Test
  void aLeaseStopped_expiresNothing_andOnceTheCloseIsApplied_theIdIsForgotten() throws Exception {
    Leases leases = leases(Duration.ofHours(1));

    leases.start(7);
    leases.start(7);

    assertThat(timer.getQueue()).hasSize(1);
    assertThat(leases.stop(7)).isTrue();
    assertThat(timer.getQueue()).isEmpty();
    assertThat(expired).isEmpty();
  }

  @Test
  void clear_stopsEveryLease_forTheNextLeaderToTimeThem() {
    Leases leases = leases(Duration.ofHours(1));
    leases.start(1);
    leases.start(2);

    leases.clear();

    assertThat(timer.getQueue()).isEmpty();
    assertThat(leases.stop(1)).isTrue();
  }

  @Test
  void anExpiredSession_isForgottenOnceItsCloseIsApplied() throws Exception {
    Leases leases = leases(Duration.ofMillis(1));
    leases.start(7);
    assertThat(expiry.await(30, TimeUnit.SECONDS)).isTrue();

    leases.closed(7);

    assertThat(leases.stop(7)).isTrue();
  }

  private Leases leases(Duration lease) {
    timer.setRemoveOnCancelPolicy(true);
    return new Leases(
        timer,
        lease,
        session -> {
          expired.add(session);
          expiry.countDown();
        });
  }
}
