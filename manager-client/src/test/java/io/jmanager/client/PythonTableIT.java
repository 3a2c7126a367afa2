package io.jmanager.client;

import static io.jmanager.client.SharedArray.ElementType.BYTE;
import static io.jmanager.client.SharedArray.ElementType.CHAR;
import static io.jmanager.client.SharedArray.ElementType.DOUBLE;
import static io.jmanager.client.SharedArray.ElementType.FLOAT;
import static io.jmanager.client.SharedArray.ElementType.INT;
import static io.jmanager.client.SharedArray.ElementType.LONG;
import static io.jmanager.client.SharedArray.ElementType.SHORT;
import static io.jmanager.client.SharedArray.ElementType.UNSIGNED_BYTE;
import static io.jmanager.client.SharedArray.ElementType.UNSIGNED_INT;
import static io.jmanager.client.SharedArray.ElementType.UNSIGNED_LONG;
import static io.jmanager.client.SharedArray.ElementType.UNSIGNED_SHORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import io.jmanager.client.SharedArray.ElementType;
import java.io.EOFException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * README's table from Python's Manager to jmanager, row by row: each test is named after a row's
 * Python form and runs the row's Java code as the row shows it ({@link PythonTableTest} keeps the
 * two in step), against a real server; rows about processes start child JVMs, rows about pools use
 * worker JVMs.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PythonTableIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  private static final Duration LONG_WAIT = Duration.ofSeconds(60);

  /** Set by a pool's initializer in its worker JVMs. */
  static volatile String greeting = "not initialized";

  /** The manager of {@link #workers}; pool tasks capture its proxies, not another manager's. */
  private static Manager pooled;

  /** A pool the rows about pool calls share. */
  private static Pool workers;

  @BeforeAll
  static void startWorkers() {
    pooled = Manager.connect("127.0.0.1", server.port(), ServerExtension.KEY);
    workers = pooled.pool(2);
  }

  @AfterAll
  static void stopWorkers() {
    pooled.close();
  }

  @Test
  @DisplayName("m = SyncManager(address=(host, port), authkey=authkey); m.connect()")
  void connect() {
    String host = "127.0.0.1";
    int port = server.port();
    byte[] authkey = ServerExtension.KEY;

    try (Manager m = Manager.connect(host, port, authkey);
        Manager built = Manager.builder().address(host, port).authkey(authkey).connect()) {
      m.<String, Integer>dict("connected").put("count", 1);

      assertThat(built.<String, Integer>dict("connected").get("count")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("with Manager() as m: (a server of its own); m.shutdown()")
  void privateManager() throws Exception {
    ProcessHandle serverJvm;
    try (Manager m = Manager.start()) {
      serverJvm = ProcessHandle.of(m.server().process().pid()).orElseThrow();
      SharedQueue<String> jobs = m.queue("jobs");
      jobs.put("job-1");

      assertThat(jobs.take()).isEqualTo("job-1");
    }
    assertThat(serverJvm.isAlive()).isFalse();

    Manager m = Manager.start();
    ProcessHandle secondJvm = ProcessHandle.of(m.server().process().pid()).orElseThrow();
    m.close();

    assertThat(secondJvm.isAlive()).isFalse();
  }

  @Test
  @DisplayName("m.address")
  void address() {
    Manager m = server.connect();

    assertThat(m.address()).isEqualTo("127.0.0.1:" + server.port());
  }

  @Test
  @DisplayName("BaseManager.register('Tally', TallyImpl); m.Tally()")
  void register() {
    try (Manager m =
        Manager.builder()
            .serverArguments("--type", Tally.class.getName() + "=" + TallyImpl.class.getName())
            .serverArguments("--value-class", Tally.Entry.class.getName())
            .register(Tally.Entry.class)
            .start()) {
      Tally tally = m.object("tally", Tally.class);

      assertThat(tally.add(new Tally.Entry("apples", 3))).isEqualTo(3);
      assertThat(m.object("tally", Tally.class).add(new Tally.Entry("pears", 5))).isEqualTo(8);
    }
  }

  @Test
  @DisplayName("d = m.dict() (passed to children)")
  void anonymousDict() {
    Manager m = server.connect();
    Manager other = server.connect();
    SharedDict<String, Integer> d = m.dict();
    SharedDict<String, Integer> stock = m.dict("stock");
    d.put("count", 1);
    stock.put("apples", 3);
    SharedDict<String, Integer> seen = other.dict(d.name());

    assertThat(seen.get("count")).isEqualTo(1);
    m.close();
    await().atMost(LONG_WAIT).until(() -> !other.names().containsKey(d.name()));
    assertThatThrownBy(() -> seen.get("count")).isInstanceOf(IllegalStateException.class);
    assertThat(other.<String, Integer>dict("stock")).containsEntry("apples", 3);
  }

  @Test
  @DisplayName("d = m.dict({'count': 100})")
  void dictWithContents() {
    Manager m = server.connect();

    SharedDict<String, Integer> dic = m.dict(Map.of("count", 100));
    SharedDict<String, Integer> counter = m.dict("counter", Map.of("count", 100));
    counter.put("count", 99);

    assertThat(dic).containsExactly(entry("count", 100));
    assertThat(server.connect().dict("counter", Map.of("count", 100))).containsEntry("count", 99);
  }

  @Test
  @DisplayName("d[k] = v; d[k]; d.get(k, default); del d[k]; k in d; len(d)")
  void dictItems() {
    SharedDict<String, Integer> d = server.connect().dict();
    String k = "apples";
    Integer v = 3;

    d.put(k, v);
    assertThat(d.get(k)).isEqualTo(3);
    assertThat(d.getOrDefault(k, 0)).isEqualTo(3);
    assertThat(d.containsKey(k)).isTrue();
    assertThat(d.size()).isEqualTo(1);
    d.remove(k);
    assertThat(d.get(k)).isNull();
    assertThat(d.getOrDefault(k, 0)).isZero();
    assertThat(d.containsKey(k)).isFalse();
    assertThat(d.size()).isZero();
  }

  @Test
  @DisplayName("d[k] -= 1 (a race between processes)")
  void dictMergeAcrossProcesses() throws Exception {
    Manager m = server.connect();
    SharedDict<String, Integer> d = m.dict(Map.of("count", 100));
    List<JvmProcess> children = new ArrayList<>();

    for (int i = 0; i < 2; i++) {
      children.add(m.process(PythonTableIT::decrement, d, "count", 50).start());
    }

    for (JvmProcess child : children) {
      child.join();
      assertThat(child.exitCode()).hasValue(0);
    }
    assertThat(d.get("count")).isZero();
  }

  static void decrement(SharedDict<String, Integer> d, String k, int times) {
    for (int i = 0; i < times; i++) {
      d.merge(k, -1, Integer::sum);
    }
  }

  @Test
  @DisplayName("d.setdefault(k, v); d.pop(k); d.update(other); d.clear()")
  void dictUpdates() {
    SharedDict<String, Integer> d = server.connect().dict(Map.of("apples", 3));
    String k = "pears";
    Integer v = 5;
    Map<String, Integer> other = Map.of("plums", 1, "figs", 2);

    assertThat(d.computeIfAbsent(k, key -> v)).isEqualTo(5);
    assertThat(d.computeIfAbsent(k, key -> 7)).isEqualTo(5);
    assertThat(d.remove(k)).isEqualTo(5);
    d.putAll(other);
    assertThat(d).containsOnlyKeys("apples", "plums", "figs");
    d.clear();
    assertThat(d).isEmpty();
  }

  @Test
  @DisplayName("d.keys(); d.values(); d.items(); d.copy()")
  void dictViews() {
    SharedDict<String, Integer> d = server.connect().dict(Map.of("a", 1, "b", 2));

    assertThat(d.keySet()).containsExactlyInAnyOrder("a", "b");
    assertThat(d.values()).containsExactlyInAnyOrder(1, 2);
    assertThat(d.entrySet()).containsExactlyInAnyOrder(Map.entry("a", 1), Map.entry("b", 2));
    Map<String, Integer> copy = Map.copyOf(d);
    d.put("c", 3);
    assertThat(copy).containsOnlyKeys("a", "b");
  }

  @Test
  @DisplayName("l = m.list(); m.list(range(5))")
  void lists() {
    Manager m = server.connect();

    SharedList<Integer> l = m.list();
    l.add(7);
    SharedList<Integer> log = m.list("log", List.of(0, 1, 2, 3, 4));

    assertThat(l).containsExactly(7);
    assertThat(m.list(List.of(0, 1, 2, 3, 4))).containsExactly(0, 1, 2, 3, 4);
    assertThat(server.connect().<Integer>list("log")).isEqualTo(log).hasSize(5);
  }

  @Test
  @DisplayName("l.append(x); l[i]; l[i] = x; len(l); l.extend(xs); l.insert(i, x)")
  void listItems() {
    SharedList<Integer> l = server.connect().list(List.of(0, 1));
    Integer x = 9;
    int i = 1;
    List<Integer> xs = List.of(5, 6);

    l.add(x);
    assertThat(l.get(i)).isEqualTo(1);
    l.set(i, x);
    assertThat(l.size()).isEqualTo(3);
    l.addAll(xs);
    l.add(i, x);
    assertThat(l).containsExactly(0, 9, 9, 9, 5, 6);
  }

  @Test
  @DisplayName("l.pop(); l.pop(i); l.remove(x); l.index(x); x in l")
  void listRemovals() {
    SharedList<Integer> l = server.connect().list(List.of(10, 11, 12, 13, 14));
    int i = 0;
    int x = 12;

    assertThat(l.remove(l.size() - 1)).isEqualTo(14);
    assertThat(l.remove(i)).isEqualTo(10);
    assertThat(l.indexOf(x)).isEqualTo(1);
    assertThat(l.contains(x)).isTrue();
    assertThat(l.remove(Integer.valueOf(x))).isTrue();
    assertThat(l.indexOf(x)).isEqualTo(-1);
    assertThat(l.contains(x)).isFalse();
    assertThat(l).containsExactly(11, 13);
  }

  @Test
  @DisplayName("l[:]; l[1:3]; l.sort()")
  void listCopiesAndSort() {
    SharedList<Integer> l = server.connect().list(List.of(3, 1, 4, 1, 5));

    List<Integer> copy = new ArrayList<>(l);
    assertThat(new ArrayList<>(l).subList(1, 3)).containsExactly(1, 4);
    l.sort(null);

    assertThat(copy).containsExactly(3, 1, 4, 1, 5);
    assertThat(l).containsExactly(1, 1, 3, 4, 5);
  }

  @Test
  @DisplayName("q = m.Queue(); m.Queue(5)")
  void queues() {
    Manager m = server.connect();

    SharedQueue<String> q = m.queue();
    SharedQueue<String> five = m.queue(5);
    SharedQueue<String> jobs = m.queue("jobs", 5);

    assertThat(q.maxsize()).isZero();
    assertThat(five.maxsize()).isEqualTo(5);
    assertThat(server.connect().<String>queue(jobs.name()).maxsize()).isEqualTo(5);
  }

  @Test
  @DisplayName("q.put(x); q.get()")
  void queuePutAndGet() throws Exception {
    SharedQueue<String> q = server.connect().queue(1);
    String x = "job";

    CompletableFuture<String> taker = inThread(() -> q.take());
    await().atMost(LONG_WAIT).until(() -> q.waitingConsumers() == 1);
    q.put(x);

    assertThat(taker.get(60, TimeUnit.SECONDS)).isEqualTo("job");
  }

  @Test
  @DisplayName("q.put(x, timeout=1); q.get(timeout=1)")
  void queueTimeouts() throws Exception {
    SharedQueue<String> q = server.connect().queue(1);
    String x = "job";

    assertThat(q.offer(x, 1, TimeUnit.SECONDS)).isTrue();
    assertThat(q.offer(x, 1, TimeUnit.SECONDS)).isFalse();
    assertThat(q.poll(1, TimeUnit.SECONDS)).isEqualTo("job");
    assertThat(q.poll(1, TimeUnit.SECONDS)).isNull();
  }

  @Test
  @DisplayName("q.put_nowait(x); q.get_nowait()")
  void queueNoWait() {
    SharedQueue<String> q = server.connect().queue(1);
    String x = "job";

    q.add(x);
    assertThatThrownBy(() -> q.add(x)).isInstanceOf(IllegalStateException.class);
    assertThat(q.offer(x)).isFalse();
    assertThat(q.remove()).isEqualTo("job");
    assertThatThrownBy(() -> q.remove()).isInstanceOf(NoSuchElementException.class);
    assertThat(q.poll()).isNull();
  }

  @Test
  @DisplayName("q.qsize(); q.empty(); q.full()")
  void queueSizes() throws Exception {
    SharedQueue<String> q = server.connect().queue(2);

    assertThat(q.isEmpty()).isTrue();
    q.put("a");
    q.put("b");
    assertThat(q.size()).isEqualTo(2);
    assertThat(q.isEmpty()).isFalse();
    assertThat(q.isFull()).isTrue();
  }

  @Test
  @DisplayName("q = m.JoinableQueue(); q.task_done(); q.join()")
  void joinableQueue() throws Exception {
    Manager m = server.connect();
    SharedJoinableQueue<String> q = m.joinableQueue();
    q.put("job");

    CompletableFuture<String> joined =
        inThread(
            () -> {
              q.join();
              return "joined";
            });
    assertThat(q.take()).isEqualTo("job");
    assertThat(q.unfinishedTasks()).isEqualTo(1);
    q.taskDone();

    assertThat(joined.get(60, TimeUnit.SECONDS)).isEqualTo("joined");
    q.join();
  }

  @Test
  @DisplayName("q.shutdown(); q.shutdown(immediate=True); except ShutDown:")
  void queueShutdown() throws Exception {
    Manager m = server.connect();
    {
      SharedQueue<String> q = m.queue();
      q.put("a");
      q.put("b");
      q.shutdown();

      List<String> taken = new ArrayList<>();
      try {
        while (true) {
          taken.add(q.take());
        }
      } catch (QueueShutDownException e) {
        taken.add("shut down");
      }
      assertThat(taken).containsExactly("a", "b", "shut down");
      assertThatThrownBy(() -> q.put("c")).isInstanceOf(QueueShutDownException.class);
    }
    {
      SharedQueue<String> q = m.queue();
      q.put("a");
      q.shutdown(true);
      assertThat(q.isEmpty()).isTrue();
      assertThatThrownBy(q::take).isInstanceOf(QueueShutDownException.class);
    }
  }

  @Test
  @DisplayName("q.close(); q.join_thread()")
  void queueHasNoClose() throws Exception {
    Manager m = server.connect();
    SharedQueue<String> q = server.connect().queue("kept");
    m.<String>queue("kept").put("a");

    m.close();
    assertThat(q.take()).isEqualTo("a");
    q.shutdown();

    assertThatThrownBy(() -> server.connect().<String>queue("kept").put("b"))
        .isInstanceOf(QueueShutDownException.class);
  }

  @Test
  @DisplayName("p = Process(target=f, args=(q,)); p.start()")
  void processTarget() throws Exception {
    Manager m = server.connect();
    SharedQueue<Integer> queue = m.queue("produced", 2);

    JvmProcess p = m.process(q -> f(q), queue).start();
    JvmProcess byReference = m.process(Demo::f, queue).start();

    List<Integer> taken = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      taken.add(queue.poll(60, TimeUnit.SECONDS));
    }
    assertThat(taken).containsExactlyInAnyOrder(0, 0, 1, 1, 2, 2, 3, 3);
    p.join();
    byReference.join();
    assertThat(p.exitCode()).hasValue(0);
    assertThat(byReference.exitCode()).hasValue(0);
  }

  /** Puts 0 to 3, waiting while the queue is full. */
  static void f(SharedQueue<Integer> q) throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      q.put(i);
    }
  }

  /** Where the README's method reference points. */
  static final class Demo {
    private Demo() {}

    static void f(SharedQueue<Integer> q) throws InterruptedException {
      PythonTableIT.f(q);
    }
  }

  @Test
  @DisplayName("p = Process(target=f, args=(q,), name='worker'); p.daemon = True; p.name")
  void processNameAndDaemon() throws Exception {
    Manager m = server.connect();
    SharedQueue<Integer> queue = m.queue();

    JvmProcess p = m.process(Demo::f, queue).name("worker").daemon(true).start();

    assertThat(p.name()).isEqualTo("worker");
    for (int i = 0; i < 4; i++) {
      assertThat(queue.poll(60, TimeUnit.SECONDS)).isEqualTo(i);
    }
    p.join();
    assertThat(p.exitCode()).hasValue(0);
  }

  @Test
  @DisplayName("class Clock(Process): def run(self): ...; Clock(1).start()")
  void childProcessSubclass() throws Exception {
    Manager m = server.connect();

    JvmProcess p = new Clock(1).start(m);
    JvmProcess daemon = m.process(new Clock(1)).daemon(true).start();

    p.join();
    daemon.join();
    assertThat(p.exitCode()).hasValue(0);
    assertThat(daemon.exitCode()).hasValue(0);
    assertThat(m.<String>list("clock")).hasSize(8).filteredOn("Ending!"::equals).hasSize(2);
  }

  /** Seed 001's ClockProcess, printing into the shared list {@code clock}. */
  static final class Clock extends ChildProcess {
    private final int interval;

    Clock(int interval) {
      this.interval = interval;
    }

    @Override
    public void run() throws InterruptedException {
      try (Manager m = Manager.fromEnvironment()) {
        SharedList<String> printed = m.list("clock");
        for (int i = 1; i <= 3; i++) {
          printed.add("Run >>> " + i);
          Thread.sleep(interval);
        }
        printed.add("Ending!");
      }
    }
  }

  @Test
  @DisplayName("Process(target=main, args=('a',)) for a program's main")
  void mainClassChild() throws Exception {
    Manager m = server.connect();

    JvmProcess started = JvmProcess.start(Main.class, m, "a");
    JvmProcess built = JvmProcess.builder(Main.class).manager(m).args("a").start();

    started.join();
    built.join();
    assertThat(m.<String>list("mains")).containsExactly("a", "a");
  }

  /** A program's main, run in a child JVM. */
  static final class Main {
    private Main() {}

    public static void main(String[] args) {
      try (Manager m = Manager.fromEnvironment()) {
        m.<String>list("mains").add(args[0]);
      }
    }
  }

  @Test
  @DisplayName("p.join(); p.join(timeout=1); p.is_alive(); p.exitcode; p.pid")
  void processState() throws Exception {
    Manager m = server.connect();
    SharedEvent go = m.event();

    JvmProcess p = m.process(e -> e.await(), go).start();

    assertThat(p.isAlive()).isTrue();
    assertThat(p.join(Duration.ofSeconds(1))).isFalse();
    OptionalInt running = p.exitCode();
    assertThat(running).isEmpty();
    assertThat(p.pid()).isNotEqualTo(ProcessHandle.current().pid());
    go.set();
    p.join();
    assertThat(p.isAlive()).isFalse();
    assertThat(p.exitCode()).hasValue(0);
  }

  @Test
  @DisplayName("p.terminate(); p.kill()")
  void terminateAndKill() throws Exception {
    Manager m = server.connect();
    SharedEvent never = m.event();

    JvmProcess p = m.process(e -> e.await(), never).start();
    p.terminate();
    p.join();
    assertThat(p.exitCode()).hasValue(143);

    p = m.process(e -> e.await(), never).start();
    p.kill();
    p.join();
    assertThat(p.exitCode()).hasValue(137);
  }

  @Test
  @DisplayName("multiprocessing.connection.wait([p1.sentinel, p2.sentinel])")
  void sentinels() throws Exception {
    Manager m = server.connect();
    SharedEvent never = m.event();
    JvmProcess p1 = m.process(e -> e.await(), never).start();
    JvmProcess p2 = m.process(() -> {}).start();

    Object first = CompletableFuture.anyOf(p1.onExit(), p2.onExit()).get(60, TimeUnit.SECONDS);

    assertThat(first).isSameAs(p2);
    assertThat(p1.isAlive()).isTrue();
    p1.kill();
  }

  @Test
  @DisplayName("os.getpid(); os.getppid()")
  void pids() throws Exception {
    Manager m = server.connect();
    SharedDict<String, Long> pids = m.dict();

    JvmProcess p = m.process(PythonTableIT::recordPids, pids).start();
    p.join();

    assertThat(pids.get("pid")).isEqualTo(p.pid());
    assertThat(pids.get("ppid")).isEqualTo(ProcessHandle.current().pid());
  }

  static void recordPids(SharedDict<String, Long> pids) {
    pids.put("pid", ProcessHandle.current().pid());
    Optional<ProcessHandle> parent = ProcessHandle.current().parent();
    pids.put("ppid", parent.orElseThrow().pid());
  }

  @Test
  @DisplayName("lock = m.Lock(); m.RLock()")
  void locks() {
    Manager m = server.connect();

    SharedLock lock = m.lock();
    SharedLock rlock = m.rlock();
    SharedLock printer = m.lock("printer");

    lock.lock();
    assertThat(lock.isLocked()).isTrue();
    lock.unlock();
    rlock.lock();
    rlock.lock();
    assertThat(rlock.holdCount()).isEqualTo(2);
    printer.lock();
    assertThat(server.connect().lock("printer").isLocked()).isTrue();
  }

  @Test
  @DisplayName("lock.acquire(); lock.acquire(timeout=1); lock.acquire(False); lock.release()")
  void lockAcquire() throws Exception {
    SharedLock lock = server.connect().lock("acquired");
    SharedLock theirs = server.connect().lock("acquired");

    theirs.lock();
    assertThat(lock.tryLock()).isFalse();
    assertThat(lock.tryLock(1, TimeUnit.SECONDS)).isFalse();
    theirs.unlock();
    lock.lock();
    assertThat(theirs.tryLock()).isFalse();
    lock.unlock();
    assertThat(lock.tryLock(1, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  @DisplayName("with lock:")
  void withLock() {
    SharedLock lock = server.connect().lock();

    try (SharedLock.Held held = lock.locked()) {
      assertThat(lock.isLocked()).isTrue();
    }
    assertThat(lock.isLocked()).isFalse();
  }

  @Test
  @DisplayName("c = m.Condition(); m.Condition(lock); with c:")
  void conditions() {
    Manager m = server.connect();
    SharedLock lock = m.lock("ready-lock");

    SharedCondition c = m.condition();
    SharedCondition named = m.condition("ready", lock);

    assertThat(named.lock().name()).isEqualTo("ready-lock");
    try (SharedLock.Held held = c.lock().locked()) {
      assertThat(c.lock().holdCount()).isEqualTo(1);
    }
    assertThat(c.lock().isLocked()).isFalse();
  }

  @Test
  @DisplayName("c.wait(); c.wait(timeout=1); c.wait_for(pred); c.wait_for(pred, timeout=1)")
  void conditionWaits() throws Exception {
    Manager m = server.connect();
    SharedCondition c = m.condition();
    SharedList<String> jobs = m.list();
    BooleanSupplier pred = () -> !jobs.isEmpty();

    try (SharedLock.Held held = c.lock().locked()) {
      assertThat(c.await(1, TimeUnit.SECONDS)).isFalse();
      assertThat(c.awaitUntil(pred, 1, TimeUnit.SECONDS)).isFalse();
    }
    CompletableFuture<String> woken =
        inThread(
            () -> {
              try (SharedLock.Held held = c.lock().locked()) {
                c.await();
              }
              return "signalled";
            });
    CompletableFuture<String> found =
        inThread(
            () -> {
              try (SharedLock.Held held = c.lock().locked()) {
                c.awaitUntil(pred);
              }
              return jobs.get(0);
            });
    await().atMost(LONG_WAIT).until(() -> c.waiting() == 2);
    try (SharedLock.Held held = c.lock().locked()) {
      jobs.add("job");
      c.signalAll();
    }

    assertThat(woken.get(60, TimeUnit.SECONDS)).isEqualTo("signalled");
    assertThat(found.get(60, TimeUnit.SECONDS)).isEqualTo("job");
  }

  @Test
  @DisplayName("c.notify(); c.notify(n); c.notify_all()")
  void conditionSignals() {
    SharedCondition c = server.connect().condition();
    AtomicInteger woken = new AtomicInteger();
    for (int i = 0; i < 4; i++) {
      inThread(
          () -> {
            try (SharedLock.Held held = c.lock().locked()) {
              c.await();
            }
            return woken.incrementAndGet();
          });
    }
    await().atMost(LONG_WAIT).until(() -> c.waiting() == 4);

    try (SharedLock.Held held = c.lock().locked()) {
      c.signal();
    }
    await().atMost(LONG_WAIT).until(() -> woken.get() == 1);
    int n = 2;
    try (SharedLock.Held held = c.lock().locked()) {
      assertThat(c.signal(n)).isEqualTo(2);
    }
    await().atMost(LONG_WAIT).until(() -> woken.get() == 3);
    try (SharedLock.Held held = c.lock().locked()) {
      c.signalAll();
    }
    await().atMost(LONG_WAIT).until(() -> woken.get() == 4);
  }

  @Test
  @DisplayName("sem = m.Semaphore(3); m.BoundedSemaphore(3)")
  void semaphores() throws Exception {
    Manager m = server.connect();

    SharedSemaphore sem = m.semaphore(3);
    SharedSemaphore bounded = m.boundedSemaphore(3);
    SharedSemaphore slots = m.semaphore("slots", 3);

    sem.release();
    assertThat(sem.availablePermits()).isEqualTo(4);
    assertThatThrownBy(bounded::release).isInstanceOf(IllegalStateException.class);
    slots.acquire();
    assertThat(server.connect().semaphore("slots", 3).availablePermits()).isEqualTo(2);
  }

  @Test
  @DisplayName("sem.acquire(); sem.acquire(timeout=1); sem.acquire(False); sem.release()")
  void semaphoreAcquire() throws Exception {
    SharedSemaphore sem = server.connect().semaphore(1);

    sem.acquire();
    assertThat(sem.tryAcquire()).isFalse();
    assertThat(sem.tryAcquire(1, TimeUnit.SECONDS)).isFalse();
    sem.release();
    assertThat(sem.tryAcquire()).isTrue();
  }

  @Test
  @DisplayName("with sem:")
  void withSemaphore() throws Exception {
    SharedSemaphore sem = server.connect().semaphore(3);

    try (SharedSemaphore.Permit permit = sem.acquired()) {
      assertThat(sem.availablePermits()).isEqualTo(2);
    }
    assertThat(sem.availablePermits()).isEqualTo(3);
  }

  @Test
  @DisplayName("e = m.Event(); e.set(); e.clear(); e.is_set()")
  void events() {
    Manager m = server.connect();

    SharedEvent e = m.event();
    SharedEvent ready = m.event("ready");

    assertThat(e.isSet()).isFalse();
    e.set();
    assertThat(e.isSet()).isTrue();
    e.clear();
    assertThat(e.isSet()).isFalse();
    ready.set();
    assertThat(server.connect().event("ready").isSet()).isTrue();
  }

  @Test
  @DisplayName("e.wait(); e.wait(timeout=1)")
  void eventWaits() throws Exception {
    SharedEvent e = server.connect().event();

    assertThat(e.await(1, TimeUnit.SECONDS)).isFalse();
    CompletableFuture<String> waiter =
        inThread(
            () -> {
              e.await();
              return "set";
            });
    await().atMost(LONG_WAIT).until(() -> e.waiting() == 1);
    e.set();

    assertThat(waiter.get(60, TimeUnit.SECONDS)).isEqualTo("set");
    assertThat(e.await(1, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  @DisplayName("b = m.Barrier(3); b.wait(); b.wait(timeout=1)")
  void barriers() throws Exception {
    Manager m = server.connect();
    SharedBarrier b = m.barrier(3);
    SharedBarrier start = m.barrier("start", 3);

    CompletableFuture<Integer> first = inThread(() -> b.await());
    CompletableFuture<Integer> second = inThread(() -> b.await());
    await().atMost(LONG_WAIT).until(() -> b.waiting() == 2);
    int last = b.await();

    assertThat(List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS), last))
        .containsExactlyInAnyOrder(0, 1, 2);
    assertThatThrownBy(() -> b.await(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
    assertThat(b.isBroken()).isTrue();
    assertThat(server.connect().barrier("start", 3).parties()).isEqualTo(start.parties());
  }

  @Test
  @DisplayName("m.Barrier(3, action=f, timeout=5)")
  void barrierActionAndTimeout() throws Exception {
    Manager m = server.connect();
    SharedEvent done = m.event();
    SerializableRunnable f = () -> done.set();

    SharedBarrier b = m.barrier(3, f, Duration.ofSeconds(5));
    // the first round waits with a timeout of its own, so no machine is too slow for it
    CompletableFuture<Integer> first = inThread(() -> b.await(60, TimeUnit.SECONDS));
    CompletableFuture<Integer> second = inThread(() -> b.await(60, TimeUnit.SECONDS));
    await().atMost(LONG_WAIT).until(() -> b.waiting() == 2);
    b.await(60, TimeUnit.SECONDS);
    first.get(60, TimeUnit.SECONDS);
    second.get(60, TimeUnit.SECONDS);

    assertThat(done.isSet()).isTrue();
    // alone, a party waits the default 5 s, and the barrier breaks
    assertThatThrownBy(() -> b.await()).isInstanceOf(BrokenBarrierException.class);
  }

  @Test
  @DisplayName("b.reset(); b.abort(); b.broken; b.n_waiting; b.parties")
  void barrierState() {
    SharedBarrier b = server.connect().barrier(2);
    CompletableFuture<Integer> waiting = inThread(() -> b.await());
    await().atMost(LONG_WAIT).until(() -> b.waiting() == 1);

    assertThat(b.parties()).isEqualTo(2);
    b.abort();
    assertThatThrownBy(() -> waiting.get(60, TimeUnit.SECONDS))
        .hasCauseInstanceOf(BrokenBarrierException.class);
    assertThat(b.isBroken()).isTrue();
    b.reset();
    assertThat(b.isBroken()).isFalse();
    assertThat(b.waiting()).isZero();
  }

  @Test
  @DisplayName("v = m.Value('i', 0); v.value; v.value = 5")
  void values() {
    Manager m = server.connect();

    SharedValue<Integer> v = m.value(0);
    SharedValue<Double> d = m.value(0.0);
    SharedValue<Integer> hits = m.value("hits", 0);

    assertThat(v.get()).isZero();
    v.set(5);
    assertThat(v.get()).isEqualTo(5);
    assertThat(d.get()).isEqualTo(0.0);
    hits.set(3);
    assertThat(server.connect().value("hits", 0).get()).isEqualTo(3);
  }

  @Test
  @DisplayName("with v.get_lock(): v.value += 1")
  void valueAddAndGet() throws Exception {
    SharedValue<Integer> v = server.connect().value(0);

    List<CompletableFuture<Integer>> adders = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      adders.add(
          inThread(
              () -> {
                for (int i = 0; i < 50; i++) {
                  v.addAndGet(1);
                }
                return 50;
              }));
    }
    CompletableFuture.allOf(adders.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    assertThat(v.get()).isEqualTo(200);
  }

  @Test
  @DisplayName("a = m.Array('i', 10); every typecode")
  void arrays() {
    Manager m = server.connect();

    SharedArray a = m.array(INT, 10);
    SharedArray longs = m.array(LONG, 2);
    SharedArray doubles = m.array(DOUBLE, 2);
    SharedArray grid = m.array("grid", INT, 10);

    assertThat(a.length()).isEqualTo(10);
    longs.set(0, 1L << 40);
    assertThat(longs.getLong(0)).isEqualTo(1L << 40);
    doubles.set(1, 0.5);
    assertThat(doubles.getDouble(1)).isEqualTo(0.5);
    assertThat(server.connect().array(grid.name(), INT, 10).elementType()).isEqualTo(INT);
    assertThat(ElementType.of('H')).isEqualTo(UNSIGNED_SHORT);
    assertThat("bBhHiIqQfdul".chars().mapToObj(typecode -> ElementType.of((char) typecode)))
        .containsExactly(
            BYTE,
            UNSIGNED_BYTE,
            SHORT,
            UNSIGNED_SHORT,
            INT,
            UNSIGNED_INT,
            LONG,
            UNSIGNED_LONG,
            FLOAT,
            DOUBLE,
            CHAR,
            LONG);
  }

  @Test
  @DisplayName("m.Array('H', [1, 2, 3]); m.Array('d', [0.5, 1.5])")
  void arraysWithValues() {
    Manager m = server.connect();

    SharedArray shorts = m.array(ElementType.of('H'), new long[] {1, 2, 3});
    SharedArray doubles = m.array(DOUBLE, new double[] {0.5, 1.5});
    SharedArray named = m.array("shorts", UNSIGNED_SHORT, new long[] {1, 2, 3});
    named.set(0, 65536);

    assertThat(shorts.toLongArray()).containsExactly(1, 2, 3);
    assertThat(doubles.toDoubleArray()).containsExactly(0.5, 1.5);
    assertThat(m.array("shorts", UNSIGNED_SHORT, new long[] {1, 2, 3}).toLongArray())
        .containsExactly(0, 2, 3);
  }

  @Test
  @DisplayName("a[3]; a[3] = 7; len(a); a[:]; a[2:5]")
  void arrayItems() {
    SharedArray a = server.connect().array(INT, 6);

    a.set(3, 7);
    assertThat(a.getLong(3)).isEqualTo(7);
    assertThat(a.length()).isEqualTo(6);
    assertThat(a.toLongArray()).containsExactly(0, 0, 0, 7, 0, 0);
    assertThat(Arrays.copyOfRange(a.toLongArray(), 2, 5)).containsExactly(0, 7, 0);
  }

  @Test
  @DisplayName("ns = m.Namespace(); ns.x = 1; ns.x; del ns.x; hasattr(ns, 'x')")
  void namespaces() {
    Manager m = server.connect();

    SharedNamespace ns = m.namespace();
    SharedNamespace config = m.namespace("config");
    ns.set("x", 1);

    Integer x = ns.get("x");
    assertThat(x).isEqualTo(1);
    assertThat(ns.contains("x")).isTrue();
    ns.delete("x");
    x = ns.get("x");
    assertThat(x).isNull();
    assertThat(ns.contains("x")).isFalse();
    config.set("workers", 4);
    assertThat(server.connect().namespace("config").<Integer>get("workers")).isEqualTo(4);
  }

  @Test
  @DisplayName("a, b = Pipe(); Pipe(duplex=False)")
  void pipes() throws Exception {
    Manager m = server.connect();

    SharedPipe<String> pipe = m.pipe("talk");
    pipe.first().send("ping");
    assertThat(pipe.second().recv()).isEqualTo("ping");
    pipe.second().send("pong");
    assertThat(pipe.first().recv()).isEqualTo("pong");

    SharedPipe<String> oneWay = m.pipe("one-way", false);
    oneWay.second().send("down");
    assertThat(oneWay.first().recv()).isEqualTo("down");
  }

  @Test
  @DisplayName("conn.send(x); conn.recv(); conn.poll(); conn.poll(1)")
  void pipeCalls() throws Exception {
    SharedPipe<String> pipe = server.connect().pipe("calls");
    SharedPipe.Connection<String> end = pipe.first();
    SharedPipe.Connection<String> other = pipe.second();
    String x = "hello";

    end.send(x);
    assertThat(other.recv()).isEqualTo("hello");
    assertThat(end.poll()).isFalse();
    assertThat(end.poll(1, TimeUnit.SECONDS)).isFalse();
    other.send(x);
    assertThat(end.poll()).isTrue();
    assertThat(end.recv()).isEqualTo("hello");
  }

  @Test
  @DisplayName("conn.close() in each process; the reader's EOFError")
  void pipeCloseInEachProcess() throws Exception {
    Manager m = server.connect();
    SharedPipe<Integer> pipe = m.pipe("greetings", false);
    SharedPipe.Connection<Integer> reader = pipe.first();
    SharedPipe.Connection<Integer> end = pipe.second();

    JvmProcess p = m.process(PythonTableIT::sendThree, end).start();
    end.close();

    for (int i = 0; i < 3; i++) {
      assertThat(reader.recv()).isEqualTo(i);
    }
    assertThatThrownBy(reader::recv).isInstanceOf(EOFException.class);
    p.join();
  }

  /** The child's side: sends 0 to 2, then closes its end. */
  static void sendThree(SharedPipe.Connection<Integer> end) {
    for (int i = 0; i < 3; i++) {
      end.send(i);
    }
    end.close();
  }

  @Test
  @DisplayName("conn.send_bytes(b, offset, size); conn.recv_bytes(); conn.recv_bytes(maxlength)")
  void pipeBytes() throws Exception {
    SharedPipe<Object> pipe = server.connect().pipe("bytes");
    SharedPipe.Connection<Object> end = pipe.first();
    SharedPipe.Connection<Object> other = pipe.second();
    byte[] b = {1, 2, 3, 4, 5, 6};
    int offset = 2;
    int size = 3;

    end.sendBytes(b, offset, size);
    assertThat(other.recvBytes()).containsExactly(3, 4, 5);
    other.sendBytes(b);
    int maxLength = 4;
    assertThatThrownBy(() -> end.recvBytes(maxLength)).isInstanceOf(MessageTooLongException.class);
    assertThat(end.recvBytes()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  @DisplayName("pool = Pool(4); m.Pool(4); Pool()")
  void pools() throws Exception {
    Manager m = server.connect();

    Pool pool = m.pool(4);
    Pool squares = m.pool("squares", 4);
    Pool perProcessor = m.pool();

    assertThat(squares.name()).isEqualTo("squares");
    assertThat(perProcessor.processes()).isEqualTo(Runtime.getRuntime().availableProcessors());
    squares.terminate();
    perProcessor.terminate();
    assertThat(pool.processes()).isEqualTo(4);
    assertThat(pool.map((Integer n) -> n * n, List.of(1, 2, 3, 4))).containsExactly(1, 4, 9, 16);
  }

  @Test
  @DisplayName("with Pool(2) as pool: ...; pool.terminate()")
  void withPoolAndTerminate() throws Exception {
    Manager m = server.connect();
    SharedList<Integer> done = m.list("with-pool");
    try (Pool pool = m.pool(2)) {
      for (int i = 0; i < 6; i++) {
        int x = i;
        pool.applyAsync(() -> PoolWorker.manager().<Integer>list("with-pool").add(x));
      }
    }
    assertThat(done).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);

    SharedEvent never = m.event("never");
    try (Pool pool = m.pool(2)) {
      CompletableFuture<Boolean> blocked =
          pool.applyAsync(() -> PoolWorker.manager().event("never").await(60, TimeUnit.SECONDS));
      pool.terminate();

      assertThatThrownBy(blocked::join).isInstanceOf(CancellationException.class);
      assertThat(never.isSet()).isFalse();
    }
  }

  @Test
  @DisplayName("Pool(2, initializer=init, initargs=(x,), maxtasksperchild=100)")
  void poolOptions() throws Exception {
    Manager m = server.connect();
    String x = "initialized";
    SerializableRunnable init = () -> greeting = x;

    try (Pool pool = m.pool(Pool.options().processes(2).initializer(init).maxTasksPerChild(100))) {
      assertThat(pool.apply(() -> greeting)).isEqualTo("initialized");
    }
  }

  @Test
  @DisplayName("pool.apply(f, (x,)); pool.apply(g, (x, y))")
  void apply() throws Exception {
    Pool pool = workers;
    SerializableFunction<Integer, Integer> f = n -> n * n;
    Integer x = 3;
    Integer y = 4;

    assertThat(pool.apply(f, x)).isEqualTo(9);
    assertThat(pool.apply(() -> g(x, y))).isEqualTo(7);
  }

  static int g(int x, int y) {
    return x + y;
  }

  @Test
  @DisplayName("pool.apply(f, (x,)) raising the task's exception")
  void applyFailing() throws Exception {
    Pool pool = workers;
    SerializableFunction<Integer, Integer> f =
        n -> {
          throw new IllegalArgumentException("bad " + n);
        };
    Integer x = 3;

    TaskFailedException failed =
        catchThrowableOfType(TaskFailedException.class, () -> pool.apply(f, x));
    assertThat(failed.remoteClassName()).isEqualTo(IllegalArgumentException.class.getName());
    assertThat(failed.remoteMessage()).isEqualTo("bad 3");
    assertThat(failed.remoteStackTrace()).contains("IllegalArgumentException");
    CompletableFuture<Integer> res = pool.applyAsync(f, x);
    assertThatThrownBy(() -> res.get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TaskFailedException.class);
  }

  @Test
  @DisplayName("res = pool.apply_async(f, (x,), callback=cb, error_callback=ecb)")
  void applyAsync() throws Exception {
    Pool pool = workers;
    SerializableFunction<Integer, Integer> f = n -> 10 / n;
    List<Integer> results = new CopyOnWriteArrayList<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    Consumer<Integer> cb = results::add;
    Consumer<Throwable> ecb = errors::add;
    Integer x = 2;

    CompletableFuture<Integer> res = pool.applyAsync(f, x, cb, ecb);
    assertThat(res.get()).isEqualTo(5);
    assertThat(results).containsExactly(5);
    CompletableFuture<Integer> failed = pool.applyAsync(f, 0, cb, ecb);
    assertThatThrownBy(failed::get).hasCauseInstanceOf(TaskFailedException.class);
    assertThat(errors).singleElement().isInstanceOf(TaskFailedException.class);
  }

  @Test
  @DisplayName("res.get(); res.get(timeout=1)")
  void asyncResultGet() throws Exception {
    Pool pool = workers;
    SharedEvent go = pooled.event();
    CompletableFuture<Integer> res =
        pool.applyAsync(
            () -> {
              go.await();
              return 1;
            });

    assertThatThrownBy(() -> res.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
    go.set();
    assertThat(res.get()).isEqualTo(1);
  }

  @Test
  @DisplayName("res.ready(); res.successful(); res.wait()")
  void asyncResultState() throws Exception {
    Pool pool = workers;
    SharedEvent go = pooled.event();
    CompletableFuture<Integer> res =
        pool.applyAsync(
            () -> {
              go.await();
              return 1;
            });

    assertThat(res.isDone()).isFalse();
    assertThatThrownBy(() -> res.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
    go.set();
    assertThat(res.handle((r, e) -> r).join()).isEqualTo(1);
    assertThat(res.isDone()).isTrue();
    assertThat(!res.isCompletedExceptionally()).isTrue();
    CompletableFuture<Integer> failed = pool.applyAsync(() -> Integer.parseInt("one"));
    assertThat(failed.handle((r, e) -> r).join()).isNull();
    assertThat(failed.isCompletedExceptionally()).isTrue();
  }

  @Test
  @DisplayName("pool.map(f, items); pool.map(f, items, chunksize=10)")
  void map() throws Exception {
    Pool pool = workers;
    SerializableFunction<Integer, Integer> f = n -> n * n;
    List<Integer> items = List.of(1, 2, 3, 4, 5);

    assertThat(pool.map(f, items)).containsExactly(1, 4, 9, 16, 25);
    assertThat(pool.map(f, items, 10)).containsExactly(1, 4, 9, 16, 25);
  }

  @Test
  @DisplayName("pool.map_async(f, items, callback=cb, error_callback=ecb)")
  void mapAsync() throws Exception {
    Pool pool = workers;
    SerializableFunction<Integer, Integer> f = n -> n * n;
    List<Integer> items = List.of(1, 2, 3);
    List<List<Integer>> results = new CopyOnWriteArrayList<>();
    Consumer<List<Integer>> cb = results::add;
    Consumer<Throwable> ecb = e -> results.add(List.of());

    CompletableFuture<List<Integer>> all = pool.mapAsync(f, items, cb, ecb);

    assertThat(all.get()).containsExactly(1, 4, 9);
    assertThat(results).containsExactly(List.of(1, 4, 9));
  }

  @Test
  @DisplayName("it = pool.imap(f, items); pool.imap_unordered(f, items); it.next(timeout=1)")
  void imap() throws Exception {
    Pool pool = workers;
    SharedEvent go = pooled.event();
    SerializableFunction<Integer, Integer> f = n -> squareOnceSet(go, n);
    List<Integer> items = List.of(1, 2, 3, 4);

    ImapIterator<Integer> it = pool.imap(f, items);
    assertThat(it.next()).isEqualTo(1);
    assertThatThrownBy(() -> it.next(Duration.ofSeconds(1))).isInstanceOf(TimeoutException.class);
    go.set();
    List<Integer> rest = new ArrayList<>();
    it.forEachRemaining(rest::add);
    assertThat(rest).containsExactly(4, 9, 16);

    List<Integer> unordered = new ArrayList<>();
    pool.imapUnordered(f, items).forEachRemaining(unordered::add);
    assertThat(unordered).containsExactlyInAnyOrder(1, 4, 9, 16);
  }

  /** Squares {@code n}, once {@code go} is set if {@code n} is 2. */
  static int squareOnceSet(SharedEvent go, int n) {
    try {
      if (n == 2) {
        go.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return n * n;
  }

  @Test
  @DisplayName(
      "pool.starmap(add, [(1, 2), (3, 4)]); pool.starmap(volume, [(1, 2, 3)], chunksize=1); pool.starmap_async(add, pairs)")
  void starmap() throws Exception {
    Pool pool = workers;
    SerializableBiFunction<Integer, Integer, Integer> add = Integer::sum;
    SerializableFunction3<Integer, Integer, Integer, Integer> volume = (a, b, c) -> a * b * c;
    List<Map.Entry<Integer, Integer>> pairs = List.of(Map.entry(5, 6));

    assertThat(pool.starmap(add, List.of(Map.entry(1, 2), Map.entry(3, 4)))).containsExactly(3, 7);
    assertThat(pool.starmap(Pool.star(volume), List.of(List.of(1, 2, 3)), 1)).containsExactly(6);
    assertThat(pool.starmapAsync(add, pairs).get()).containsExactly(11);
  }

  @Test
  @DisplayName("pool.close(); pool.join()")
  void closeAndJoin() throws Exception {
    Manager m = server.connect();
    {
      Pool pool = m.pool(1);
      CompletableFuture<Integer> queued = pool.applyAsync(() -> 6 * 7);
      pool.shutdown();
      assertThatThrownBy(() -> pool.apply(() -> 1)).isInstanceOf(IllegalStateException.class);
      pool.join();
      assertThat(queued).isCompletedWithValue(42);
    }
    {
      Pool pool = m.pool(1);
      CompletableFuture<Integer> queued = pool.applyAsync(() -> 6 * 7);
      pool.close();
      assertThat(queued).isCompletedWithValue(42);
    }
  }

  @Test
  @DisplayName("multiprocessing.cpu_count()")
  void cpuCount() {
    assertThat(Runtime.getRuntime().availableProcessors()).isPositive();
  }

  /** A checked-exception-friendly task. */
  @FunctionalInterface
  interface Task<T> {
    T call() throws Exception;
  }

  /** Runs {@code task} on a new thread of its own; the future holds its result or failure. */
  private static <T> CompletableFuture<T> inThread(Task<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(task.call());
              } catch (Exception | AssertionError e) {
                result.completeExceptionally(e);
              }
            });
    thread.setDaemon(true);
    thread.start();
    return result;
  }
}
