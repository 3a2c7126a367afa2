package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JoinableQueueIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void join_waitsUntilAnotherClientMarksEveryItemDone() throws Exception {
    SharedJoinableQueue<String> producer = server.connect().joinableQueue("jobs");
    SharedJoinableQueue<String> consumer = server.connect().joinableQueue("jobs");
    producer.put("a");
    producer.put("b");

    assertThat(producer.join(10, TimeUnit.MILLISECONDS)).isFalse();
    consumer.take();
    consumer.taskDone();
    consumer.take();
    assertThat(producer.unfinishedTasks()).isEqualTo(1);
    consumer.taskDone();

    assertThat(producer.join(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void taskDoneTooOften_isAnIllegalState() {
    SharedJoinableQueue<String> queue = server.connect().joinableQueue("over");

    assertThatThrownBy(queue::taskDone).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void plainQueueAndJoinableQueue_areDifferentTypes() {
    Manager manager = server.connect();
    manager.queue("plain");

    assertThatThrownBy(() -> manager.joinableQueue("plain")).isInstanceOf(WrongTypeException.class);
  }

  @Test
  void consumerWhoseManagerClosesBeforeTaskDone_returnsItsItem() throws Exception {
    SharedJoinableQueue<String> producer = server.connect().joinableQueue("returned");
    Manager consumerManager = server.connect();
    producer.put("work");
    assertThat(consumerManager.<String>joinableQueue("returned").take()).isEqualTo("work");

    consumerManager.close();

    SharedJoinableQueue<String> rescuer = server.connect().joinableQueue("returned");
    assertThat(rescuer.poll(10, TimeUnit.SECONDS)).isEqualTo("work");
    rescuer.taskDone();
    assertThat(producer.join(10, TimeUnit.SECONDS)).isTrue();
  }
}
