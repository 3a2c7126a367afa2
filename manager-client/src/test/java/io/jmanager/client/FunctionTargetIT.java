package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Functions and {@link ChildProcess} subclasses run in child JVMs by {@link Manager#process}. */
class FunctionTargetIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  private static final Duration LONG = Duration.ofSeconds(60);

  @Test
  void lambdaTarget_withAQueueArgument_producesItemsTheParentTakes() throws Exception {
    Manager m = server.connect();
    SharedQueue<Integer> queue = m.queue("produced", 2);

    JvmProcess child = fast(m.process(q -> Targets.produce(q, 5), queue)).start();

    assertThat(queue.poll(60, TimeUnit.SECONDS)).as("the child's maxsize").isEqualTo(2);
    for (int i = 0; i < 5; i++) {
      assertThat(queue.poll(60, TimeUnit.SECONDS)).isEqualTo(i);
    }
    assertThat(child.join(LONG)).isTrue();
    assertThat(child.exitCode()).hasValue(0);
  }

  @Test
  void methodReferenceTarget_withLockAndDictArguments_sharesBothWithItsSiblings() throws Exception {
    Manager m = server.connect();
    SharedLock lock = m.lock("counter-lock");
    SharedDict<String, Integer> counter = m.dict("counter");
    counter.put("count", 0);

    List<JvmProcess> children = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      children.add(fast(m.process(Targets::lockedIncrements, lock, counter)).start());
    }

    for (JvmProcess child : children) {
      assertThat(child.join(LONG)).isTrue();
      assertThat(child.exitCode()).hasValue(0);
    }
    assertThat(counter.get("count")).isEqualTo(3 * Targets.INCREMENTS);
  }

  @Test
  void capturedProxiesAndManager_arriveAsTheSameObjectsInTheChild() throws Exception {
    Manager m = server.connect();
    SharedDict<String, String> seen = m.dict("captured");
    SharedPipe<String> pipe = m.pipe("captured-pipe");
    SharedPipe.Connection<String> childEnd = pipe.second();
    SharedCondition condition = m.condition("captured-condition");

    JvmProcess child =
        fast(m.process(
                () -> {
                  seen.put("dict", "reached");
                  childEnd.send("through the pipe");
                  m.<String>list("captured-list").add("through the manager");
                  try (SharedLock.Held held = condition.lock().locked()) {
                    condition.signalAll();
                  }
                }))
            .start();

    assertThat(pipe.first().recv(60, TimeUnit.SECONDS)).isEqualTo("through the pipe");
    assertThat(child.join(LONG)).isTrue();
    assertThat(child.exitCode()).hasValue(0);
    assertThat(seen.get("dict")).isEqualTo("reached");
    assertThat(m.<String>list("captured-list")).containsExactly("through the manager");
  }

  @Test
  void childProcessSubclass_runsItsOverriddenRun_withTheFieldsSetInTheParent() throws Exception {
    Manager m = server.connect();
    SharedList<String> printed = m.list("clock");

    JvmProcess p = new ClockProcess(3, printed).start(m);

    assertThat(p.join(LONG)).isTrue();
    assertThat(p.exitCode()).hasValue(0);
    assertThat(printed).containsExactly("Run >>> 1", "Run >>> 2", "Run >>> 3", "Ending!");
  }

  @Test
  void aTargetThatThrows_endsTheChildWithExitCode1_andPrintsTheException() throws Exception {
    Manager m = server.connect();
    Path log = Files.createTempFile("jmanager-target", ".log");

    JvmProcess child =
        fast(m.process(why -> Targets.fail(why), "out of coffee"))
            .redirectOutput(log.toFile())
            .start();

    assertThat(child.join(LONG)).isTrue();
    assertThat(child.exitCode()).hasValue(1);
    assertThat(Files.readString(log)).contains("IllegalStateException: out of coffee");
    Files.delete(log);
  }

  @Test
  void aTargetThatCannotBeSent_failsInTheParentAtStart() {
    Manager m = server.connect();
    Thread notSerializable = Thread.currentThread();
    SharedDict<String, String> foreign = server.connect().dict("foreign");

    assertThatThrownBy(() -> m.process(() -> notSerializable.getName()).start())
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("the target of a child process")
        .hasMessageContaining(Thread.class.getName());
    assertThatThrownBy(() -> m.process(d -> d.clear(), foreign).start())
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("another manager");
    assertThatThrownBy(() -> m.process(p -> {}, new Children.Point(1, 2)).start())
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(Children.Point.class.getName());
  }

  @Test
  void aPoolTaskCapturingAProxy_usesTheSameObjectInTheWorker() throws Exception {
    Manager m = server.connect();
    SharedDict<String, Integer> hits = m.dict("pool-hits");

    try (Pool pool =
        m.pool("capturing", Pool.options().processes(1).jvmOptions(Children.FAST_START))) {
      int count = pool.apply(() -> hits.merge("hits", 1, Integer::sum));

      assertThat(count).isEqualTo(1);
    }
    assertThat(hits.get("hits")).isEqualTo(1);
  }

  @Test
  void aNonDaemonChild_keepsItsParentJvmRunningUntilItEnds() throws Exception {
    Manager m = server.connect();
    SharedList<String> log = m.list("non-daemon");

    JvmProcess parent =
        JvmProcess.builder(NonDaemonParent.class)
            .manager(m)
            .daemon(true)
            .jvmOptions(Children.FAST_START)
            .args("non-daemon")
            .start();
    await().atMost(60, TimeUnit.SECONDS).until(() -> log.contains("main returned"));
    m.event("non-daemon-release").set();

    assertThat(parent.join(LONG)).isTrue();
    assertThat(parent.exitCode()).hasValue(0);
    assertThat(log).containsExactly("main returned", "parent exited after its child");
  }

  private static JvmProcess.Builder fast(JvmProcess.Builder builder) {
    return builder.jvmOptions(Children.FAST_START);
  }

  /** Seed 001's {@code ClockProcess}, printing into a shared list instead of standard output. */
  static final class ClockProcess extends ChildProcess {
    private final int ticks;
    private final SharedList<String> printed;

    ClockProcess(int ticks, SharedList<String> printed) {
      this.ticks = ticks;
      this.printed = printed;
    }

    @Override
    public void run() throws InterruptedException {
      for (int i = 1; i <= ticks; i++) {
        printed.add("Run >>> " + i);
        Thread.sleep(10);
      }
      printed.add("Ending!");
    }
  }

  /**
   * Starts a non-daemon child that waits for event {@code args[0]-release}, records "main returned"
   * in list {@code args[0]} and returns from main; when the JVM exits, records whether the child
   * had ended by then.
   */
  static final class NonDaemonParent {
    public static void main(String[] args) {
      try (Manager m = Manager.fromEnvironment()) {
        JvmProcess child =
            fast(m.process(release -> release.await(), m.event(args[0] + "-release"))).start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try (Manager last = Manager.fromEnvironment()) {
                        last.<String>list(args[0])
                            .add(
                                child.isAlive()
                                    ? "parent exited before its child"
                                    : "parent exited after its child");
                      }
                    }));
        m.<String>list(args[0]).add("main returned");
      }
    }
  }
}
