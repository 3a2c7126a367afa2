package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PipeIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void childJvm_sendsThenCloses_andTheParentReadsUntilEndOfStream() throws Exception {
    Manager manager = server.connect();
    SharedPipe<String> pipe = manager.pipe("greetings");
    JvmProcess child =
        JvmProcess.builder(Children.PipeSender.class)
            .manager(manager)
            .daemon(true)
            .jvmOptions(Children.FAST_START)
            .args("greetings", "20")
            .start();

    List<String> received = new ArrayList<>();
    try (SharedPipe.Connection<String> parentEnd = pipe.first()) {
      while (true) {
        try {
          received.add(parentEnd.recv());
        } catch (EOFException closed) {
          break;
        }
      }
    }

    assertThat(received).hasSize(20).allMatch(text -> text.equals("have you eaten?"));
    assertThat(child.join(java.time.Duration.ofSeconds(30))).isTrue();
  }

  @Test
  void recvWithTimeout_returnsNull_andPollReportsWhatIsWaiting() throws Exception {
    SharedPipe<Integer> pipe = server.connect().pipe("numbers");

    assertThat(pipe.second().recv(10, TimeUnit.MILLISECONDS)).isNull();
    assertThat(pipe.second().poll()).isFalse();
    pipe.first().send(42);
    assertThat(pipe.second().poll(1, TimeUnit.SECONDS)).isTrue();
    assertThat(pipe.second().recv()).isEqualTo(42);
  }

  @Test
  void oneWayPipe_refusesTheWrongDirection_andAnotherDirectionThanExisting() {
    Manager manager = server.connect();
    SharedPipe<String> pipe = manager.pipe("one-way", false);

    assertThatThrownBy(() -> pipe.first().send("x")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> manager.pipe("one-way")).isInstanceOf(IllegalStateException.class);
    pipe.second().send("fine");
    assertThat(pipe.first().poll()).isTrue();
  }
}
