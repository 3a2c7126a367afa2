package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Python 3.13's {@code Queue.shutdown()} on shared queues, within a JVM and across JVMs. */
class QueueShutdownIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  private static final int ITEMS = 200;

  @Test
  void producerShutsDownAfterItsItems_twoConsumerJvmsTakeEachOnce_andEndOnTheException()
      throws Exception {
    Manager manager = server.connect();
    SharedQueue<Integer> queue = manager.queue("work");
    List<JvmProcess> consumers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      consumers.add(
          JvmProcess.builder(Consumer.class)
              .manager(manager)
              .daemon(true)
              .jvmOptions(Children.FAST_START)
              .args("work")
              .start());
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> queue.waitingConsumers() == 2);

    for (int i = 0; i < ITEMS; i++) {
      queue.put(i);
    }
    queue.shutdown();

    for (JvmProcess consumer : consumers) {
      assertThat(consumer.join(Duration.ofSeconds(60))).isTrue();
      assertThat(consumer.exitCode()).as("%s ended on the exception", consumer).hasValue(0);
    }
    List<Integer> taken = new ArrayList<>(manager.<Integer>list("work-taken"));
    taken.sort(null);
    assertThat(taken).isEqualTo(IntStream.range(0, ITEMS).boxed().toList());
    assertThat(manager.<String>list("work-ended")).hasSize(2);
  }

  @Test
  void afterShutdown_addingThrows_whileTakingReturnsWhatIsLeft_thenThrows() throws Exception {
    SharedQueue<String> queue = server.connect().queue("closing", 5);
    queue.addAll(List.of("a", "b", "c"));

    queue.shutdown();

    assertThat(queue.isShutdown()).isTrue();
    assertThatThrownBy(() -> queue.offer("x")).isInstanceOf(QueueShutDownException.class);
    assertThatThrownBy(() -> queue.add("x")).isInstanceOf(QueueShutDownException.class);
    assertThatThrownBy(() -> queue.put("x")).isInstanceOf(QueueShutDownException.class);
    assertThatThrownBy(() -> queue.offer("x", 1, TimeUnit.SECONDS))
        .isInstanceOf(QueueShutDownException.class);
    assertThat(queue.take()).isEqualTo("a");
    assertThat(queue.poll()).isEqualTo("b");
    List<String> rest = new ArrayList<>();
    assertThat(queue.drainTo(rest)).isEqualTo(1);
    assertThat(rest).containsExactly("c");
    assertThat(queue.drainTo(rest)).isZero();
    assertThat(queue.peek()).isNull();
    assertThatThrownBy(queue::poll).isInstanceOf(QueueShutDownException.class);
    assertThatThrownBy(queue::remove).isInstanceOf(QueueShutDownException.class);
    assertThatThrownBy(() -> queue.poll(1, TimeUnit.SECONDS))
        .isInstanceOf(QueueShutDownException.class);
    assertThatThrownBy(queue::take).isInstanceOf(QueueShutDownException.class);
  }

  @Test
  void shutdown_wakesABlockedPutWithTheException() throws Exception {
    SharedQueue<String> queue = server.connect().queue("full", 1);
    queue.put("in");
    CompletableFuture<Throwable> putter = outcome(() -> queue.put("blocked"));
    await().until(() -> server.parkedCalls() == 1);

    server.connect().queue("full").shutdown();

    assertThat(putter.get(30, TimeUnit.SECONDS)).isInstanceOf(QueueShutDownException.class);
    assertThat(queue).containsExactly("in");
  }

  @Test
  void shutdown_wakesBlockedTakersOfAnEmptyQueue_inThisJvmAndAsync() throws Exception {
    SharedQueue<String> queue = server.connect().queue("empty");
    CompletableFuture<Throwable> taker = outcome(queue::take);
    CompletableFuture<String> asyncTaker = queue.async().take();
    await().until(() -> queue.waitingConsumers() == 2);

    server.connect().queue("empty").shutdown();

    assertThat(taker.get(30, TimeUnit.SECONDS)).isInstanceOf(QueueShutDownException.class);
    assertThatThrownBy(() -> asyncTaker.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(QueueShutDownException.class);
  }

  @Test
  void immediateShutdown_discardsWhatIsLeft_soTakersEndAtOnce() {
    SharedQueue<String> queue = server.connect().queue("dropped");
    queue.addAll(List.of("a", "b"));

    queue.shutdown(true);

    assertThat(queue).isEmpty();
    assertThatThrownBy(queue::take).isInstanceOf(QueueShutDownException.class);
  }

  @Test
  void joinableQueue_joinReturnsAfterAnImmediateShutdown_onceTheItemsTakenAreDone()
      throws Exception {
    SharedJoinableQueue<String> producer = server.connect().joinableQueue("jobs");
    SharedJoinableQueue<String> consumer = server.connect().joinableQueue("jobs");
    producer.addAll(List.of("a", "b", "c"));
    assertThat(consumer.take()).isEqualTo("a");

    producer.shutdown(true);

    assertThat(producer.unfinishedTasks()).isEqualTo(1);
    assertThat(producer.join(10, TimeUnit.MILLISECONDS)).isFalse();
    consumer.taskDone();
    assertThat(producer.join(30, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(consumer::take).isInstanceOf(QueueShutDownException.class);
  }

  /** Takes from queue {@code args[0]} into list {@code args[0]-taken} until the shutdown. */
  static final class Consumer {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        SharedQueue<Integer> queue = manager.queue(args[0]);
        List<Integer> taken = manager.list(args[0] + "-taken");
        try {
          while (true) {
            taken.add(queue.take());
          }
        } catch (QueueShutDownException end) {
          manager.<String>list(args[0] + "-ended").add(end.getMessage());
        }
      }
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  /** Runs {@code body} on a new thread; completes with what it threw, or null. */
  private static CompletableFuture<Throwable> outcome(Body body) {
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    new Thread(
            () -> {
              try {
                body.run();
                outcome.complete(null);
              } catch (Exception e) {
                outcome.complete(e);
              }
            })
        .start();
    return outcome;
  }
}
