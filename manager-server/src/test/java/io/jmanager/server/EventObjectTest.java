package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmanager.protocol.EventOp;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventObjectTest {
  private static final long FOREVER = -1;

  private final EventObject event = new EventObject(1, "e");
  private final Client a = Client.connected();
  private final Client b = Client.connected();

  @Test
  void set_wakesEveryWaiter() {
    a.send(event, EventOp.WAIT, FOREVER);
    b.send(event, EventOp.WAIT, FOREVER);
    assertThat(answer(Client.connected(), EventOp.WAITING)).isEqualTo(2);

    answer(Client.connected(), EventOp.SET);

    assertThat(a.answer()).isEqualTo(true);
    assertThat(b.answer()).isEqualTo(true);
  }

  @Test
  void wait_whenAlreadySet_returnsAtOnce_untilCleared() {
    answer(a, EventOp.SET);
    assertThat(answer(a, EventOp.WAIT, FOREVER)).isEqualTo(true);

    answer(a, EventOp.CLEAR);

    assertThat(answer(a, EventOp.IS_SET)).isEqualTo(false);
    assertThat(answer(a, EventOp.WAIT, 0L)).isEqualTo(false);
  }

  @Test
  void wait_whenTheTimeoutPasses_answersFalse() {
    a.send(event, EventOp.WAIT, TimeUnit.MILLISECONDS.toNanos(10));

    a.advance(10);

    assertThat(a.answer()).isEqualTo(false);
  }

  @Test
  void closedSession_stopsWaitingSilently() {
    a.send(event, EventOp.WAIT, FOREVER);

    event.sessionClosed(a.session);
    answer(b, EventOp.SET);

    assertThat(a.silent()).isTrue();
  }

  private Object answer(Client client, EventOp op, Object... args) {
    client.send(event, op, args);
    return client.answer();
  }
}
