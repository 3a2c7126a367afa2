package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void waitersInOtherClients_wakeWhenTheEventIsSet() throws Exception {
    SharedEvent setter = server.connect().event("go");
    SharedEvent waiter = server.connect().event("go");
    CompletableFuture<Void> woke = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                waiter.await();
                woke.complete(null);
              } catch (InterruptedException e) {
                woke.completeExceptionally(e);
              }
            });
    thread.start();
    await().until(() -> setter.waiting() == 1);

    setter.set();

    woke.get(10, TimeUnit.SECONDS);
    assertThat(waiter.isSet()).isTrue();
  }

  @Test
  void timedWait_returnsTheFlag() throws Exception {
    SharedEvent event = server.connect().event("flag");

    assertThat(event.await(10, TimeUnit.MILLISECONDS)).isFalse();
    event.set();
    assertThat(event.await(10, TimeUnit.MILLISECONDS)).isTrue();
    event.clear();
    assertThat(event.isSet()).isFalse();
  }
}
