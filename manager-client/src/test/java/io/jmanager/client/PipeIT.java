package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.time.Duration;
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
    assertThat(child.join(Duration.ofSeconds(30))).isTrue();
  }

  /**
   * Python's idiom: the parent hands the writing end to a child and closes its own at once; the
   * child still sends, and the parent reads the end of the stream only after the child closes.
   */
  @Test
  void parentClosesItsWriteEndAtOnce_childStillSends_andTheParentReadsUntilTheChildCloses()
      throws Exception {
    Manager manager = server.connect();
    SharedPipe<String> pipe = manager.pipe("handed-over");
    SharedPipe.Connection<String> in = pipe.first();
    SharedPipe.Connection<String> out = pipe.second();
    long ticket = ((PipeProxy<String>.End) out).share();
    JvmProcess child =
        JvmProcess.builder(ClaimingSender.class)
            .manager(manager)
            .daemon(true)
            .jvmOptions(Children.FAST_START)
            .args("handed-over", Long.toString(ticket), "5")
            .start();
    out.close();

    List<String> received = new ArrayList<>();
    assertThatThrownBy(
            () -> {
              while (true) {
                received.add(in.recv());
              }
            })
        .isInstanceOf(EOFException.class);

    assertThat(received).containsExactly("0", "1", "2", "3", "4");
    assertThat(child.join(Duration.ofSeconds(60))).isTrue();
    assertThat(child.exitCode()).hasValue(0);
  }

  @Test
  void writerJvmKilled_releasesItsHold_soTheReaderSeesTheEndOfTheStream() throws Exception {
    Manager manager = server.connect();
    SharedPipe.Connection<String> in = manager.<String>pipe("killed-writer").first();
    JvmProcess child =
        JvmProcess.builder(SenderThatHangs.class)
            .manager(manager)
            .daemon(true)
            .jvmOptions(Children.FAST_START)
            .args("killed-writer")
            .start();
    assertThat(in.recv()).isEqualTo("hello");

    child.kill();

    assertThatThrownBy(in::recv).isInstanceOf(EOFException.class);
  }

  @Test
  void closingAnEndInOneJvm_leavesItOpenForAnotherThatHoldsIt() throws Exception {
    SharedPipe<String> mine = server.connect().pipe("two-writers");
    SharedPipe<String> theirs = server.connect().pipe("two-writers");
    SharedPipe.Connection<String> in = mine.first();
    SharedPipe.Connection<String> myOut = mine.second();
    SharedPipe.Connection<String> theirOut = theirs.second();

    myOut.close();

    assertThatThrownBy(() -> myOut.send("closed here")).isInstanceOf(IllegalStateException.class);
    theirOut.send("still open");
    assertThat(in.recv()).isEqualTo("still open");
    assertThat(in.recv(10, TimeUnit.MILLISECONDS)).isNull();
    theirOut.close();
    assertThatThrownBy(in::recv).isInstanceOf(EOFException.class);
    assertThatThrownBy(mine::second).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void bytes_travelAsTheyAre_andALongerMessageStaysInThePipe() throws Exception {
    SharedPipe<String> pipe = server.connect().pipe("bytes");
    SharedPipe.Connection<String> out = pipe.second();
    SharedPipe.Connection<String> in = pipe.first();
    byte[] buffer = {1, 2, 3, 4, 5, 6};

    out.sendBytes(buffer);
    out.sendBytes(buffer, 2, 3);
    out.sendBytes(new byte[0]);

    assertThatThrownBy(() -> in.recvBytes(5))
        .isInstanceOf(MessageTooLongException.class)
        .hasFieldOrPropertyWithValue("length", 6);
    assertThat(in.recvBytes()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(in.recvBytes(3)).containsExactly(3, 4, 5);
    assertThat(in.recvBytes(0)).isEmpty();
    assertThatThrownBy(() -> out.sendBytes(buffer, 4, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> in.recvBytes(-1)).isInstanceOf(IllegalArgumentException.class);
    out.close();
    assertThatThrownBy(in::recvBytes).isInstanceOf(EOFException.class);
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

  /** Claims the reservation {@code args[1]} on end 1 of pipe {@code args[0]}, sends, closes. */
  static final class ClaimingSender {
    public static void main(String[] args) {
      try (Manager manager = Manager.fromEnvironment()) {
        PipeProxy<String> pipe = (PipeProxy<String>) manager.<String>pipe(args[0]);
        try (SharedPipe.Connection<String> out = pipe.claim(1, Long.parseLong(args[1]))) {
          for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            out.send(Integer.toString(i));
          }
        }
      }
    }
  }

  /** Sends "hello" on end 1 of pipe {@code args[0]}, then waits to be killed. */
  static final class SenderThatHangs {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment()) {
        manager.<String>pipe(args[0]).second().send("hello");
        manager.<String>queue(args[0] + "-never").take();
      }
    }
  }
}
