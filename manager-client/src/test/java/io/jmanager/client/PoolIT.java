package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pools of real worker JVMs fed through a real server. */
class PoolIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  private static final Duration PROMPTLY = Duration.ofSeconds(20);

  private static Pool.Options workers(int processes) {
    return Pool.options().processes(processes).jvmOptions(Children.FAST_START);
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().collect(Collectors.toList());
  }

  private static List<Integer> squares(int n) {
    return IntStream.range(0, n).map(x -> x * x).boxed().collect(Collectors.toList());
  }

  /**
   * Takes the pid a blocking task announced on {@code queue}; if the {@code work} ends first (a
   * task failed before announcing), its failure is thrown instead of waiting for ever.
   */
  private static long announced(SharedQueue<Long> queue, CompletableFuture<?> work)
      throws InterruptedException {
    await().atMost(PROMPTLY).until(() -> work.isDone() || !queue.isEmpty());
    if (work.isDone()) {
      work.join();
    }
    return queue.take();
  }

  @Test
  void map_returnsResultsInItemOrder_thoughLaterItemsFinishFirst() throws Exception {
    try (Pool pool = server.connect().pool("map", workers(3))) {
      assertThat(pool.map(PoolTasks::slowSquare, range(50), 1)).isEqualTo(squares(50));
      assertThat(pool.map(PoolTasks::slowSquare, range(50))).isEqualTo(squares(50));
      assertThat(pool.mapAsync(x -> x * x, range(7), 3).get()).isEqualTo(squares(7));
      assertThat(pool.map(x -> x, List.of())).isEmpty();
    }
  }

  @Test
  void apply_runsTheTaskInAWorkerJvm() throws Exception {
    try (Pool pool = server.connect().pool("apply", workers(1))) {
      long workerPid = pool.apply(PoolTasks::pid);

      assertThat(workerPid).isNotEqualTo(ProcessHandle.current().pid());
      assertThat(pool.apply(PoolTasks::square, 12)).isEqualTo(144);
      assertThat(pool.<Integer, Object>apply(x -> null, 1)).isNull();
    }
  }

  @Test
  void applyAsync_runsTheCallbackOnTheResultThread_beforeTheFutureCompletes() throws Exception {
    try (Pool pool = server.connect().pool("callbacks", workers(2))) {
      List<String> seen = new CopyOnWriteArrayList<>();
      List<CompletableFuture<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        futures.add(
            pool.applyAsync(
                (Integer x) -> x + 100,
                i,
                result -> seen.add(result + " on " + Thread.currentThread().getName())));
      }
      for (int i = 0; i < 10; i++) {
        assertThat(futures.get(i).get()).isEqualTo(i + 100);
      }

      assertThat(seen).hasSize(10).allMatch(line -> line.endsWith("on jmanager-pool-callbacks"));
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      CompletableFuture<Integer> failed =
          pool.applyAsync((Integer x) -> 1 / x, 0, result -> {}, errors::add);
      assertThatThrownBy(failed::get).hasCauseInstanceOf(TaskFailedException.class);
      assertThat(errors).singleElement().isInstanceOf(TaskFailedException.class);
    }
  }

  @Test
  void mapAsyncAndStarmapAsync_runTheirCallbackOnceOnTheResultThread_beforeTheFutureCompletes()
      throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Pool pool = server.connect().pool("map-callbacks", workers(2))) {
      CompletableFuture<List<Integer>> mapped =
          pool.mapAsync(
              x -> x * x,
              range(10),
              3,
              results -> seen.add(results + " on " + Thread.currentThread().getName()),
              error -> seen.add("failed: " + error));
      CompletableFuture<List<Integer>> pairs =
          pool.starmapAsync(
              (Integer a, Integer b) -> a * b,
              List.of(Map.entry(2, 3), Map.entry(4, 5)),
              results -> seen.add("pairs " + results),
              null);
      CompletableFuture<List<Integer>> lists =
          pool.starmapAsync(
              Pool.star(PoolTasks::volume),
              List.of(List.of(1, 2, 3)),
              results -> seen.add("lists " + results),
              null);

      assertThat(mapped.get()).isEqualTo(squares(10));
      assertThat(seen).contains(squares(10) + " on jmanager-pool-map-callbacks");
      assertThat(pairs.get()).containsExactly(6, 20);
      assertThat(seen).contains("pairs [6, 20]");
      assertThat(lists.get()).containsExactly(6);
      assertThat(seen).contains("lists [6]");
    }
    assertThat(seen).hasSize(3);
  }

  @Test
  void mapAsyncWithManyFailingTasks_callsItsErrorCallbackOnce_andNeverItsCallback()
      throws Exception {
    List<Object> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<List<Integer>> failed;
    try (Pool pool = server.connect().pool("map-error-callback", workers(2))) {
      failed = pool.mapAsync((Integer x) -> x / (x - x), range(10), 1, seen::add, seen::add);

      assertThatThrownBy(failed::get).hasCauseInstanceOf(TaskFailedException.class);
      assertThat(seen).singleElement().isInstanceOf(TaskFailedException.class);
    } // close() waits for every task, so each failure has come back

    assertThat(seen).hasSize(1);
  }

  @Test
  void taskThatThrows_failsWithTheRemoteExceptionsClassMessageAndTrace_andThePoolGoesOn()
      throws Exception {
    try (Pool pool = server.connect().pool("throws", workers(1))) {
      assertThatThrownBy(() -> pool.apply((Integer x) -> 1 / x, 0))
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> {
                assertThat(e.remoteClassName()).isEqualTo("java.lang.ArithmeticException");
                assertThat(e.remoteMessage()).isEqualTo("/ by zero");
                assertThat(e.remoteStackTrace())
                    .startsWith("java.lang.ArithmeticException: / by zero")
                    .contains("at io.jmanager.client.PoolIT");
                assertThat(e).hasMessageContaining("ArithmeticException: / by zero");
                assertThat(e.getCause()).hasMessageContaining("at io.jmanager.client.PoolIT");
              });
      assertThatThrownBy(() -> pool.map(x -> 10 / (5 - x), range(10), 2))
          .isInstanceOf(TaskFailedException.class);

      assertThat(pool.apply(PoolTasks::square, 3)).isEqualTo(9);
    }
  }

  @Test
  void workerKilledMidTask_hasItsTaskRunAgainElsewhere_andEveryResultComesOnce() throws Exception {
    Manager manager = server.connect();
    try (Pool pool = manager.pool("killed", workers(2).maxAttempts(3))) {
      CompletableFuture<List<Integer>> results =
          pool.mapAsync(x -> x == 3 ? PoolTasks.blockFirstAttempt("killed-3") : x, range(10), 1);
      long victim = announced(manager.queue("killed-3"), results);

      ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);

      assertThat(results.get()).containsExactly(0, 1, 2, 2, 4, 5, 6, 7, 8, 9);
      assertThat(manager.<String, Integer>dict("killed-3-attempts").get("attempts")).isEqualTo(2);
    }
  }

  @Test
  void taskThatKillsEveryWorker_failsWithWorkerLost_afterMaxAttempts_andThePoolRecovers()
      throws Exception {
    try (Pool pool = server.connect().pool("poison", workers(2).maxAttempts(2))) {
      assertThatThrownBy(
              () ->
                  pool.apply(
                      () -> {
                        Runtime.getRuntime().halt(1);
                        return 0;
                      }))
          .isInstanceOf(WorkerLostException.class)
          .hasMessageContaining("died 2 times");

      assertThat(pool.apply(PoolTasks::square, 4)).isEqualTo(16);
    }
  }

  @Test
  void imap_yieldsInOrder_andImapUnordered_yieldsEveryResultExactlyOnce() throws Exception {
    try (Pool pool = server.connect().pool("imap", workers(3))) {
      List<Integer> ordered = new ArrayList<>();
      pool.<Integer, Integer>imap(PoolTasks::slowSquare, range(30)).forEachRemaining(ordered::add);
      List<Integer> unordered = new ArrayList<>();
      pool.<Integer, Integer>imapUnordered(PoolTasks::slowSquare, range(30), 4)
          .forEachRemaining(unordered::add);

      assertThat(ordered).isEqualTo(squares(30));
      assertThat(unordered).containsExactlyInAnyOrderElementsOf(squares(30));
    }
  }

  @Test
  void imapNextWithATimeout_throwsTimeoutExceptionWhileNoResultComes_andStaysUsable()
      throws Exception {
    Manager manager = server.connect();
    try (Pool pool = manager.pool("imap-timeout", workers(1))) {
      for (boolean ordered : List.of(true, false)) {
        String name = "imap-timeout-" + ordered;
        SerializableFunction<Integer, Integer> task =
            x -> {
              try {
                return PoolTasks.returnOnceSet(name, x);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            };
        ImapIterator<Integer> results =
            ordered
                ? pool.imap(task, List.of(0, 1, 2))
                : pool.imapUnordered(task, List.of(0, 1, 2));

        assertThat(results.next(PROMPTLY)).isEqualTo(0);
        assertThatThrownBy(() -> results.next(Duration.ofMillis(50)))
            .isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> results.next(Duration.ZERO)).isInstanceOf(TimeoutException.class);
        manager.event(name).set();
        assertThat(results.next(PROMPTLY)).isEqualTo(1);
        assertThat(results.next()).isEqualTo(2);
        assertThat(results.hasNext()).isFalse();
        assertThatThrownBy(() -> results.next(PROMPTLY)).isInstanceOf(NoSuchElementException.class);
      }
    }
  }

  @Test
  void imap_throwsAFailedTasksFailureInItsPlace_andGoesOn() throws Exception {
    try (Pool pool = server.connect().pool("imap-fail", workers(1))) {
      Iterator<Integer> results = pool.imap((Integer x) -> 10 / x, List.of(5, 0, 2));

      assertThat(results.next()).isEqualTo(2);
      assertThatThrownBy(results::next).isInstanceOf(TaskFailedException.class);
      assertThat(results.next()).isEqualTo(5);
      assertThat(results.hasNext()).isFalse();
    }
  }

  @Test
  void terminate_killsTheWorkersPromptly_andFailsUnfinishedTasks() throws Exception {
    Manager manager = server.connect();
    Pool pool = manager.pool("terminated", workers(2));
    List<CompletableFuture<Long>> blocked = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      blocked.add(pool.applyAsync(() -> PoolTasks.announceAndBlock("terminated-started")));
    }
    SharedQueue<Long> started = manager.queue("terminated-started");
    CompletableFuture<?> all = CompletableFuture.allOf(blocked.toArray(CompletableFuture[]::new));
    List<Long> pids = List.of(announced(started, all), announced(started, all));

    pool.terminate();

    for (CompletableFuture<Long> future : blocked) {
      assertThatThrownBy(future::get).isInstanceOf(CancellationException.class);
    }
    assertThat(pool.join(PROMPTLY)).isTrue();
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
    assertThatThrownBy(() -> pool.apply(PoolTasks::pid))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("terminated");
  }

  @Test
  void shutdownThenJoin_finishesQueuedTasks_andThenTheWorkersExit() throws Exception {
    Pool pool = server.connect().pool("shutdown", workers(2));
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      futures.add(
          pool.applyAsync(
              (Integer pause) -> {
                PoolTasks.pause(pause);
                return PoolTasks.pid();
              },
              20));
    }
    assertThatThrownBy(pool::join).isInstanceOf(IllegalStateException.class);

    pool.shutdown();
    assertThatThrownBy(() -> pool.applyAsync(PoolTasks::pid))
        .isInstanceOf(IllegalStateException.class);
    assertThat(pool.join(PROMPTLY)).isTrue();

    for (CompletableFuture<Long> future : futures) {
      assertThat(future).isDone();
      long pid = future.get();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
  }

  @Test
  void close_letsQueuedTasksFinish_refusesNewOnes_andReturnsOnceTheWorkersExited()
      throws Exception {
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    Pool pool = server.connect().pool("closed", workers(2));
    try (pool) {
      for (int i = 0; i < 10; i++) {
        futures.add(
            pool.applyAsync(
                (Integer pause) -> {
                  PoolTasks.pause(pause);
                  return PoolTasks.pid();
                },
                20));
      }
    }

    for (CompletableFuture<Long> future : futures) {
      assertThat(future).isCompleted();
      long pid = future.get();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
    assertThatThrownBy(() -> pool.applyAsync(PoolTasks::pid))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(pool.join(PROMPTLY)).isTrue();
  }

  @Test
  void close_interrupted_terminatesThePool_andKeepsTheInterruptFlag() throws Exception {
    Manager manager = server.connect();
    Pool pool = manager.pool("close-interrupted", workers(1));
    CompletableFuture<Long> blocked =
        pool.applyAsync(() -> PoolTasks.announceAndBlock("close-interrupted-started"));
    long pid = announced(manager.queue("close-interrupted-started"), blocked);

    Thread.currentThread().interrupt();
    try {
      pool.close();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }

    assertThatThrownBy(blocked::get).isInstanceOf(CancellationException.class);
    assertThat(pool.join(PROMPTLY)).isTrue();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void joinFromACallback_throwsInsteadOfWaitingForEver() throws Exception {
    List<Throwable> seen = new CopyOnWriteArrayList<>();
    Pool pool = server.connect().pool("join-in-callback", workers(1));
    try {
      CompletableFuture<Integer> nine =
          pool.applyAsync(
              PoolTasks::square,
              3,
              result -> {
                pool.shutdown();
                try {
                  pool.join();
                } catch (IllegalStateException | InterruptedException e) {
                  seen.add(e);
                }
              });

      assertThat(nine.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isEqualTo(9);
      assertThat(seen).singleElement().isInstanceOf(IllegalStateException.class);
    } finally {
      pool.terminate();
    }
  }

  @Test
  void maxTasksPerChild_replacesEachWorkerAfterThatManyTasks() throws Exception {
    try (Pool pool = server.connect().pool("recycled", workers(1).maxTasksPerChild(2))) {
      List<Long> pids = pool.map(x -> PoolTasks.pid(), range(6), 1);

      Map<Long, Long> tasksPerPid =
          pids.stream().collect(Collectors.groupingBy(pid -> pid, Collectors.counting()));
      assertThat(tasksPerPid).hasSize(3).allSatisfy((pid, tasks) -> assertThat(tasks).isEqualTo(2));
    }
  }

  @Test
  void initializer_runsOncePerWorker_beforeItsFirstTask() throws Exception {
    Manager manager = server.connect();
    Pool.Options options =
        workers(2)
            .initializer(
                () -> {
                  PoolTasks.state = "initialized";
                  PoolWorker.manager().<Long>list("inits").add(PoolTasks.pid());
                });
    try (Pool pool = manager.pool("initialized", options)) {
      List<String> states = pool.map(x -> PoolTasks.state, range(20), 1);
      List<Long> pids = pool.map(x -> PoolTasks.pid(), range(20), 1);

      assertThat(states).containsOnly("initialized");
      assertThat(manager.<Long>list("inits")).doesNotHaveDuplicates().containsAll(pids);
    }
  }

  @Test
  void initializerThatThrows_breaksThePool_withTheInitializersException() throws Exception {
    Pool.Options options =
        workers(1)
            .initializer(
                () -> {
                  throw new IllegalStateException("no database");
                });
    try (Pool pool = server.connect().pool("broken", options)) {
      CompletableFuture<Long> task = pool.applyAsync(PoolTasks::pid);

      assertThatThrownBy(task::get)
          .cause()
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> {
                assertThat(e).hasMessageContaining("initializer");
                assertThat(e.remoteClassName()).isEqualTo("java.lang.IllegalStateException");
                assertThat(e.remoteMessage()).isEqualTo("no database");
              });
      assertThatThrownBy(() -> pool.apply(PoolTasks::pid))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("broken");
    }
  }

  @Test
  void workerStartedByHand_servesAPool_andOutlivesTheHandle() throws Exception {
    Manager manager = server.connect();
    JvmProcess worker =
        JvmProcess.builder(PoolWorker.class)
            .manager(manager)
            .jvmOptions(Children.FAST_START)
            .args("--pool", "farm")
            .start();
    try {
      Pool pool = manager.pool("farm", 0);
      assertThat(pool.apply(PoolTasks::pid)).isEqualTo(worker.pid());

      pool.terminate();

      assertThat(pool.join(PROMPTLY)).isTrue();
      assertThat(worker.isAlive()).isTrue();
      try (Pool again = manager.pool("farm", 0)) {
        assertThat(again.apply(PoolTasks::square, 5)).isEqualTo(25);
      }
    } finally {
      worker.kill();
    }
  }

  @Test
  void twoProgramsWithPoolsOfTheSameName_runTheirTasksOnlyOnTheirOwnWorkers() throws Exception {
    Manager manager = server.connect();
    List<JvmProcess> programs = new ArrayList<>();
    for (String label : List.of("program-a", "program-b")) {
      programs.add(
          JvmProcess.builder(PoolTasks.Program.class)
              .manager(manager)
              .jvmOptions(Children.FAST_START)
              .args("same-name", label)
              .start());
    }
    for (JvmProcess program : programs) {
      assertThat(program.join(Duration.ofSeconds(60))).isTrue();
      assertThat(program.exitCode()).hasValue(0);
    }

    for (String label : List.of("program-a", "program-b")) {
      List<Long> workerPids = List.copyOf(manager.<Long>list(label + "-workers"));
      List<Long> taskPids = List.copyOf(manager.<Long>list(label + "-tasks"));
      assertThat(taskPids).as(label).hasSize(40);
      assertThat(workerPids).as(label).containsAll(taskPids);
    }
  }

  @Test
  void anonymousPools_getNamesOfTheirOwn_andAreDeletedWhenTheirManagerCloses() throws Exception {
    Manager manager = server.connect();
    Pool working = manager.pool(workers(1));
    Pool idle = manager.pool(0);

    assertThat(working.name()).startsWith("anonymous-pool-").isNotEqualTo(idle.name());
    assertThat(working.apply(PoolTasks::square, 3)).isEqualTo(9);
    assertThat(server.connect().names()).containsKeys(working.name(), idle.name());

    manager.close();

    Manager other = server.connect();
    await().atMost(PROMPTLY).until(() -> !other.names().containsKey(working.name()));
    assertThat(other.names()).doesNotContainKey(idle.name());
  }

  @Test
  void workerWithABadCommandLine_exitsWithTheUsageCode() throws Exception {
    JvmProcess worker =
        JvmProcess.builder(PoolWorker.class)
            .manager(server.connect())
            .jvmOptions(Children.FAST_START)
            .args("--no-such-option")
            .start();

    assertThat(worker.join(PROMPTLY)).isTrue();
    assertThat(worker.exitCode()).hasValue(PoolWorker.USAGE);
  }

  @Test
  void starmap_appliesATwoArgumentFunctionToEachPair() throws Exception {
    try (Pool pool = server.connect().pool("starmap", workers(2))) {
      List<Map.Entry<Integer, Integer>> pairs = List.of(Map.entry(1, 2), Map.entry(3, 4));

      assertThat(pool.starmap((Integer a, Integer b) -> a * b, pairs)).containsExactly(2, 12);
    }
  }

  @Test
  void starmap_spreadsArgumentListsOfAnyLength() throws Exception {
    try (Pool pool = server.connect().pool("starmap-n", workers(2))) {
      List<List<Integer>> triples = List.of(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7, 8, 9));

      assertThat(pool.starmap(Pool.star(PoolTasks::volume), triples)).containsExactly(6, 120, 504);
      assertThat(
              pool.starmapAsync(
                      Pool.star((Integer a, Integer b, Integer c, Integer d) -> a + b + c + d),
                      List.of(List.of(1, 2, 3, 4), List.of(5, 6, 7, 8)),
                      1)
                  .get())
          .containsExactly(10, 26);
      assertThat(pool.starmap(List::size, List.of(List.of(), List.of(1, 2, 3, 4, 5))))
          .containsExactly(0, 5);
      List<Integer> products = new ArrayList<>();
      pool.<List<Object>, Integer>imap(
              Pool.star((Integer a, Integer b) -> a * b), List.of(List.of(2, 3), List.of(4, 5)))
          .forEachRemaining(products::add);
      assertThat(products).containsExactly(6, 20);
      assertThatThrownBy(() -> pool.starmap(Pool.star(PoolTasks::volume), List.of(List.of(1, 2))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("3 arguments");
    }
  }

  @Test
  void starmapWithAChunksize_sendsThatManyItemsPerTask_andKeepsTheirOrder() throws Exception {
    try (Pool pool = server.connect().pool("starmap-chunks", workers(2))) {
      List<Map.Entry<Integer, Integer>> pairs =
          range(10).stream().map(i -> Map.entry(i, i)).collect(Collectors.toList());
      List<List<Object>> lists = range(10).stream().map(i -> List.<Object>of(i)).toList();

      List<String> pairRuns =
          pool.starmap((Integer a, Integer b) -> a + "@" + PoolTasks.pid(), pairs, 5);
      List<String> listRuns = pool.starmap(args -> args.get(0) + "@" + PoolTasks.pid(), lists, 5);

      for (List<String> runs : List.of(pairRuns, listRuns)) {
        assertThat(runs)
            .extracting(run -> run.split("@")[0])
            .containsExactlyElementsOf(range(10).stream().map(String::valueOf).toList());
        assertThat(runs.subList(0, 5))
            .extracting(run -> run.split("@")[1])
            .containsOnly(runs.get(0).split("@")[1]);
        assertThat(runs.subList(5, 10))
            .extracting(run -> run.split("@")[1])
            .containsOnly(runs.get(5).split("@")[1]);
      }
      assertThatThrownBy(() -> pool.starmap((Integer a, Integer b) -> a, pairs, 0))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void registeredValueClasses_travelToTheWorkers_andUnregisteredOnesAreRefused() throws Exception {
    Manager manager =
        server.track(
            Manager.builder()
                .address("127.0.0.1", server.port())
                .authkey(ServerExtension.KEY)
                .register(PoolTasks.Point.class)
                .connect());
    try (Pool pool = manager.pool("points", workers(1))) {
      List<PoolTasks.Point> points = List.of(new PoolTasks.Point(1, 2), new PoolTasks.Point(3, 4));

      assertThat(pool.map(p -> new PoolTasks.Point(p.y(), p.x()), points))
          .containsExactly(new PoolTasks.Point(2, 1), new PoolTasks.Point(4, 3));
      Object unregistered = new StringBuilder("x");
      assertThatThrownBy(() -> pool.apply(x -> unregistered.toString(), 1))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("StringBuilder");
    }
  }

  @Test
  void cancellingAQueuedTask_removesItBeforeAnyWorkerRunsIt() throws Exception {
    Manager manager = server.connect();
    try (Pool pool = manager.pool("cancelled", 0)) {
      CompletableFuture<Integer> queued =
          pool.applyAsync(
              () -> PoolWorker.manager().<String, Integer>dict("cancelled-ran").put("ran", 1));
      assertThat(queued.cancel(true)).isTrue();

      JvmProcess worker =
          JvmProcess.builder(PoolWorker.class)
              .manager(manager)
              .jvmOptions(Children.FAST_START)
              .args("--pool", "cancelled")
              .start();
      try {
        assertThat(pool.apply(PoolTasks::square, 2)).isEqualTo(4);
        assertThat(manager.dict("cancelled-ran")).isEmpty();
      } finally {
        worker.kill();
      }
    }
  }

  @Test
  void applyAndMap_calledInterrupted_throw_andSubmitNothing() throws Exception {
    Manager manager = server.connect();
    try (Pool pool = manager.pool("interrupted", workers(1))) {
      pool.apply(PoolTasks::pid);
      Map<String, Integer> runs = manager.dict("interrupted-runs");

      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> pool.apply(PoolTasks::countRun, "interrupted-runs"))
            .isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> pool.map(PoolTasks::countRun, List.of("interrupted-runs")))
            .isInstanceOf(InterruptedException.class);
      } finally {
        Thread.interrupted();
      }

      assertThat(pool.apply(PoolTasks::countRun, "interrupted-runs")).isEqualTo(1);
      assertThat(runs).containsExactly(Map.entry("runs", 1));
    }
  }

  @Test
  void closingTheManager_terminatesItsPools() throws Exception {
    Manager manager = server.connect();
    Pool pool = manager.pool("orphaned", workers(1));
    long pid = pool.apply(PoolTasks::pid);

    manager.close();

    await()
        .atMost(PROMPTLY)
        .until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertThatThrownBy(() -> pool.apply(PoolTasks::pid)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void options_refuseNonsense() {
    assertThatThrownBy(() -> Pool.options().processes(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pool.options().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pool.options().maxTasksPerChild(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chunksizeBelowOne_isRefused() {
    try (Pool pool = server.connect().pool("chunks", 0)) {
      assertThatThrownBy(() -> pool.map(x -> x, range(3), 0))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
