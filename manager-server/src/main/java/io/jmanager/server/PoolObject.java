package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.PoolOp;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The server side of a pool: FIFOs of opaque tasks between submitters and worker JVMs.
 *
 * <p>A submitter (one pool handle of one connection) queues tasks under its own ids, in a FIFO of
 * its own, and collects their results with a parked RESULTS call. A worker joins, then loops on
 * TAKE, which answers its previous task and parks until the next one. The server records which
 * worker runs which task: when a worker's connection closes mid-task, the task goes back to the
 * head of the FIFO, until it has been lost {@code maxAttempts} times and its submitter is told. A
 * result is delivered only from the worker the task was handed to, and only once. When a
 * submitter's connection closes, its queued tasks are dropped and its running tasks' results are
 * discarded; its workers' tag is retired, so they exit.
 *
 * <p>Workers started by a pool handle join under the handle's tag, get its initializer and
 * recycling limit, and take only that handle's tasks, so that handles of the same pool name (other
 * programs using the daemon) never run each other's tasks; retiring the tag makes them exit once
 * idle. Workers started by hand join under no tag, take the oldest task queued by any handle, and
 * serve until they are stopped.
 *
 * <p>Tasks, results and initializers count against the server's memory budget: a submission or a
 * configuration that does not fit is refused unapplied; a result is always kept, since its task was
 * counted when it was submitted.
 */
final class PoolObject extends SharedObject {
  /** Heap a task, a result or a configuration takes beyond its bytes: objects and map entries. */
  private static final long ENTRY_BYTES = 128;

  /** Most results one RESULTS answer carries; the rest wait for the next. */
  static final int MAX_RESULTS_PER_ANSWER = 1024;

  /** Most result bytes one RESULTS answer carries, unless a single result is larger. */
  static final int MAX_RESULT_BYTES_PER_ANSWER = 4 << 20;

  private final Map<Long, Task> running = new LinkedHashMap<>();
  private final Map<Session, Worker> workers = new LinkedHashMap<>();
  private final Waiters<Worker> takers =
      new Waiters<>(this, timedOut -> timedOut.call.reply(new ArrayList<>()));
  private final Map<Submitter, Account> accounts = new LinkedHashMap<>();
  private final Waiters<Submitter> collectors =
      new Waiters<>(this, timedOut -> timedOut.call.reply(new ArrayList<>()));
  private final Map<String, Config> configs = new LinkedHashMap<>();
  private long taskIds;
  private int queuedCount;

  PoolObject(long id, String name) {
    super(id, name);
  }

  @Override
  ObjectType type() {
    return ObjectType.POOL;
  }

  @Override
  List<Waiters<?>> waiters() {
    return List.of(takers, collectors);
  }

  @Override
  void applyLocked(Call call) {
    PoolOp op = (PoolOp) call.op();
    switch (op) {
      case CONFIGURE -> configure(call);
      case JOIN -> join(call, call.nullable(0, String.class));
      case SUBMIT -> submit(call, submitter(call), call.intArg(1), call.arg(2, ArrayList.class));
      case RESULTS -> results(call, submitter(call), call.longArg(1));
      case TAKE -> take(call, worker(call), call.longArg(3));
      case LEAVE -> leave(call, worker(call));
      case BROKEN -> broken(call, worker(call), call.bytes(0));
      case CANCEL -> call.reply(cancel(submitter(call), call.arg(1, ArrayList.class)));
      case RETIRE -> call.reply(retire(call.string(0)));
      case STATS -> call.reply(stats());
    }
  }

  private static Submitter submitter(Call call) {
    return new Submitter(call.session(), call.longArg(0));
  }

  private Worker worker(Call call) {
    Worker worker = workers.get(call.session());
    if (worker == null) {
      throw new OpException(ErrorCode.ILLEGAL_STATE, call.op() + " before JOIN on " + this);
    }
    return worker;
  }

  private void configure(Call call) {
    Submitter owner = submitter(call);
    String tag = call.string(1);
    byte[] initializer = call.nullable(2, byte[].class);
    int maxTasksPerChild = call.intArg(3);
    if (maxTasksPerChild < 0) {
      throw new OpException(
          ErrorCode.ILLEGAL_ARGUMENT, "maxTasksPerChild must not be negative: " + maxTasksPerChild);
    }
    Config existing = configs.get(tag);
    if (existing != null && !existing.owner.equals(owner)) {
      throw new OpException(ErrorCode.ILLEGAL_STATE, "tag " + tag + " belongs to another handle");
    }
    Config config = new Config(owner, initializer, maxTasksPerChild);
    grow(config.size(tag), call);
    if (existing != null) {
      shrink(existing.size(tag));
    }
    configs.put(tag, config);
    call.session().holds(this);
    call.reply(null);
  }

  private void join(Call call, String tag) {
    Session session = call.session();
    if (workers.containsKey(session)) {
      throw new OpException(ErrorCode.ILLEGAL_STATE, "this connection already joined " + this);
    }
    Config config = tag == null ? null : configs.get(tag);
    if (tag != null && config == null) {
      throw new OpException(
          ErrorCode.ILLEGAL_ARGUMENT,
          "no pool handle of " + this + " starts workers tagged " + tag + " (any more)");
    }
    workers.put(session, new Worker(session, tag, config == null ? null : config.owner));
    session.holds(this);
    ArrayList<Object> settings = new ArrayList<>(2);
    settings.add(config == null ? null : config.initializer);
    settings.add(config == null ? 0 : config.maxTasksPerChild);
    call.reply(settings);
  }

  private void submit(Call call, Submitter submitter, int maxAttempts, List<?> tasks) {
    if (maxAttempts < 1) {
      throw new OpException(
          ErrorCode.ILLEGAL_ARGUMENT, "maxAttempts must be at least 1: " + maxAttempts);
    }
    Account account = accounts.get(submitter);
    Set<Long> ids = new HashSet<>();
    if (tasks.size() % 2 != 0) {
      throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "SUBMIT needs task id and payload pairs");
    }
    for (int i = 0; i < tasks.size(); i += 2) {
      if (!(tasks.get(i) instanceof Long id) || !(tasks.get(i + 1) instanceof byte[])) {
        throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "SUBMIT needs task id and payload pairs");
      }
      if (!ids.add(id) || (account != null && account.tasks.containsKey(id))) {
        throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "task " + id + " is already submitted");
      }
    }
    List<Task> batch = new ArrayList<>(tasks.size() / 2);
    long bytes = 0;
    for (int i = 0; i < tasks.size(); i += 2) {
      Task task =
          new Task(
              ++taskIds, submitter, (Long) tasks.get(i), (byte[]) tasks.get(i + 1), maxAttempts);
      batch.add(task);
      bytes += task.heldBytes();
    }
    Account filed = account == null ? new Account() : account;
    grow(bytes, call);
    queue(filed, batch);
    if (account == null) {
      accounts.put(submitter, filed);
      call.session().holds(this);
    }
    dispatch(submitter, filed);
    call.reply(null);
  }

  /**
   * Queues a batch and files it in its account, all or nothing: the deque grows once before
   * anything is added, and since a HashMap grows after adding an entry, a filing that runs out of
   * memory takes the whole batch out again.
   */
  private void queue(Account account, List<Task> batch) {
    account.queued.addAll(batch);
    try {
      batch.forEach(task -> account.tasks.put(task.clientId, task));
    } catch (OutOfMemoryError e) {
      for (Task task : batch) {
        account.tasks.remove(task.clientId);
        account.queued.pollLast();
      }
      throw e;
    }
    queuedCount += batch.size();
  }

  private void results(Call call, Submitter submitter, long timeoutNanos) {
    Account account = accounts.get(submitter);
    if (account != null && !account.ready.isEmpty()) {
      call.reply(collect(submitter, account));
    } else {
      collectors.park(call, submitter, timeoutNanos);
    }
  }

  /** Takes up to one answer's worth of an account's ready results, flattened for the wire. */
  private ArrayList<Object> collect(Submitter submitter, Account account) {
    ArrayList<Object> answer = new ArrayList<>();
    int bytes = 0;
    while (!account.ready.isEmpty() && answer.size() < 3 * MAX_RESULTS_PER_ANSWER) {
      Result next = account.ready.peekFirst();
      if (!answer.isEmpty() && bytes + next.size() > MAX_RESULT_BYTES_PER_ANSWER) {
        break;
      }
      account.ready.pollFirst();
      shrink(next.heldBytes());
      bytes += next.size();
      answer.add(next.taskId);
      answer.add(next.status);
      answer.add(next.detail);
    }
    forgetIfSettled(submitter, account);
    return answer;
  }

  private void take(Call call, Worker worker, long timeoutNanos) {
    finish(call, worker);
    Deque<Task> queue = queueFor(worker);
    if (retired(worker)) {
      workers.remove(worker.session);
      forgetIfUninvolved(worker.session);
      call.reply(null);
    } else if (queue != null) {
      handTo(call, worker, poll(queue));
    } else {
      // not refused as BUSY: the take has already recorded the worker's last result, and a
      // worker parks at most one take
      takers.parkAnyway(call, worker, timeoutNanos);
    }
  }

  private void leave(Call call, Worker worker) {
    finish(call, worker);
    workers.remove(worker.session);
    forgetIfUninvolved(worker.session);
    call.reply(null);
  }

  /** Delivers the answer a TAKE or LEAVE carries for the worker's previous task, if any. */
  private void finish(Call call, Worker worker) {
    long taskId = call.longArg(0);
    if (taskId == -1) {
      return;
    }
    Task task = worker.task;
    if (task == null || task.id != taskId) {
      throw new OpException(ErrorCode.ILLEGAL_STATE, "this worker does not run task " + taskId);
    }
    int status = call.intArg(1);
    if (status != PoolOp.DONE && status != PoolOp.FAILED) {
      throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "bad task status " + status);
    }
    byte[] detail = call.bytes(2);
    worker.task = null;
    running.remove(task.id);
    shrink(task.heldBytes());
    deliver(task, status, detail);
  }

  private void broken(Call call, Worker worker, byte[] failure) {
    Config config = worker.tag == null ? null : configs.get(worker.tag);
    if (config != null) {
      Account account = accounts.computeIfAbsent(config.owner, owner -> new Account());
      config.owner.session().holds(this);
      ready(account, new Result(PoolOp.BROKEN_TASK, PoolOp.FAILED, failure));
      wake(config.owner, account);
    }
    call.reply(null);
  }

  private int cancel(Submitter submitter, List<?> taskIds) {
    Account account = accounts.get(submitter);
    if (account == null) {
      return 0;
    }
    Set<Object> which = new HashSet<>(taskIds);
    int cancelled = 0;
    for (Iterator<Task> it = account.tasks.values().iterator(); it.hasNext(); ) {
      Task task = it.next();
      if (which.isEmpty() || which.contains(task.clientId)) {
        it.remove();
        orphan(account, task);
        cancelled++;
      }
    }
    account.ready.removeIf(
        r -> {
          boolean drop = which.isEmpty() || which.contains(r.taskId);
          if (drop) {
            shrink(r.heldBytes());
          }
          return drop;
        });
    forgetIfSettled(submitter, account);
    return cancelled;
  }

  /** Makes a task's result unwanted: a queued task is dropped, a running one's result discarded. */
  private void orphan(Account account, Task task) {
    task.owner = null;
    if (task.worker == null) {
      account.queued.remove(task);
      queuedCount--;
      shrink(task.heldBytes());
    }
  }

  private int retire(String tag) {
    Config config = configs.get(tag);
    if (config == null) {
      return 0;
    }
    config.retired = true;
    return dismiss(tag);
  }

  /** Tells the idle workers of a tag to exit; returns how many there were. */
  private int dismiss(String tag) {
    int[] dismissed = {0};
    takers.removeIf(
        w -> tag.equals(w.payload.tag),
        w -> {
          workers.remove(w.call.session());
          forgetIfUninvolved(w.call.session());
          w.call.reply(null);
          dismissed[0]++;
        });
    return dismissed[0];
  }

  private ArrayList<Object> stats() {
    int idle = 0;
    for (Worker worker : workers.values()) {
      if (worker.task == null) {
        idle++;
      }
    }
    return new ArrayList<>(List.of(queuedCount, running.size(), workers.size(), idle));
  }

  private boolean retired(Worker worker) {
    if (worker.tag == null) {
      return false;
    }
    Config config = configs.get(worker.tag);
    return config == null || config.retired;
  }

  /** Hands a submitter's queued tasks to parked workers that serve it while there are both. */
  private void dispatch(Submitter submitter, Account account) {
    while (!account.queued.isEmpty()) {
      Waiters.Waiter<Worker> taker = takers.removeFirst(w -> w.payload.serves(submitter));
      if (taker == null) {
        return;
      }
      handTo(taker.call, taker.payload, poll(account.queued));
    }
  }

  /**
   * The FIFO a worker takes its next task from, or null when it has none: its handle's, or for a
   * worker started by hand, the one whose head was submitted first.
   */
  private Deque<Task> queueFor(Worker worker) {
    if (worker.owner != null) {
      Account account = accounts.get(worker.owner);
      return account == null || account.queued.isEmpty() ? null : account.queued;
    }
    Deque<Task> oldest = null;
    for (Account account : accounts.values()) {
      Task head = account.queued.peekFirst();
      if (head != null && (oldest == null || head.id < oldest.peekFirst().id)) {
        oldest = account.queued;
      }
    }
    return oldest;
  }

  private Task poll(Deque<Task> queue) {
    queuedCount--;
    return queue.pollFirst();
  }

  private void handTo(Call call, Worker worker, Task task) {
    task.worker = worker;
    worker.task = task;
    running.put(task.id, task);
    ArrayList<Object> answer = new ArrayList<>(2);
    answer.add(task.id);
    answer.add(task.payload);
    call.handOff(answer, new Assigned(this, worker, task));
  }

  /**
   * A task handed to {@code worker} in an answer. Once the worker has finished it, the handoff is
   * spent for good (a worker gets a task back only after its hand-off is settled), so a snapshot
   * writes which running task it is, or that it is spent; a spent one read back has no worker.
   */
  record Assigned(PoolObject pool, Worker worker, Task task) implements Handoff {
    @Override
    public SharedObject object() {
      return pool;
    }

    @Override
    public void undo() {
      if (worker != null) {
        pool.giveBack(worker, task);
      }
    }

    @Override
    public void writeState(SnapshotWriter out) throws IOException {
      boolean live = worker != null && worker.task == task;
      out.writeBoolean(live);
      if (live) {
        out.writeLong(task.id);
      }
    }
  }

  @Override
  Handoff readHandoff(SnapshotReader in, Session session) throws IOException {
    if (!in.readBoolean("whether a handed task still runs")) {
      return new Assigned(this, null, null);
    }
    long id = in.readLong("a handed task");
    Task task = running.get(id);
    if (task == null) {
      throw in.corrupted("handed task " + id + " does not run");
    }
    return new Assigned(this, task.worker, task);
  }

  /** Requeues a task whose handing-out could not be written: the worker never saw it. */
  private void giveBack(Worker worker, Task task) {
    synchronized (this) {
      if (worker.task == task) {
        worker.task = null;
        requeue(task);
      }
    }
  }

  private void requeue(Task task) {
    running.remove(task.id);
    task.worker = null;
    Account account = task.owner == null ? null : accounts.get(task.owner);
    if (account != null) {
      account.queued.addFirst(task);
      queuedCount++;
      dispatch(task.owner, account);
    } else {
      shrink(task.heldBytes());
    }
  }

  /** Adds a task's result to its submitter's account, if anyone still wants it. */
  private void deliver(Task task, int status, Object detail) {
    Submitter owner = task.owner;
    Account account = owner == null ? null : accounts.get(owner);
    if (account == null) {
      return;
    }
    account.tasks.remove(task.clientId);
    ready(account, new Result(task.clientId, status, detail));
    wake(owner, account);
  }

  /**
   * Keeps a result for its submitter, counted though the budget may be full: it must not be lost.
   */
  private void ready(Account account, Result result) {
    growAnyway(result.heldBytes());
    account.ready.addLast(result);
  }

  private void wake(Submitter owner, Account account) {
    Waiters.Waiter<Submitter> collector = collectors.removeFirst(w -> w.payload.equals(owner));
    if (collector != null) {
      collector.call.reply(collect(owner, account));
    }
  }

  @Override
  synchronized void sessionClosed(Session session) {
    super.sessionClosed(session);
    Worker worker = workers.remove(session);
    if (worker != null && worker.task != null) {
      lostWorker(worker, worker.task);
    }
    for (Iterator<Map.Entry<Submitter, Account>> it = accounts.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<Submitter, Account> entry = it.next();
      if (entry.getKey().session() == session) {
        Account account = entry.getValue();
        account.tasks.values().forEach(task -> orphan(account, task));
        account.ready.forEach(result -> shrink(result.heldBytes()));
        it.remove();
      }
    }
    List<String> tags = new ArrayList<>();
    configs.forEach(
        (tag, config) -> {
          if (config.owner.session() == session) {
            tags.add(tag);
          }
        });
    tags.forEach(
        tag -> {
          shrink(configs.remove(tag).size(tag));
          dismiss(tag);
        });
    session.released(this);
  }

  /** A worker died running a task: the task runs again, or its submitter learns it is lost. */
  private void lostWorker(Worker worker, Task task) {
    worker.task = null;
    task.attempts++;
    if (task.attempts < task.maxAttempts) {
      requeue(task);
      return;
    }
    running.remove(task.id);
    task.worker = null;
    shrink(task.heldBytes());
    deliver(
        task,
        PoolOp.LOST,
        "its worker died "
            + task.attempts
            + (task.attempts == 1 ? " time" : " times")
            + " while running it (the last in session "
            // its id, not its client's address: the result is state, the same on every replica
            + worker.session.id()
            + "), the most allowed");
  }

  private void forgetIfSettled(Submitter submitter, Account account) {
    if (account.tasks.isEmpty() && account.ready.isEmpty()) {
      accounts.remove(submitter);
      forgetIfUninvolved(submitter.session());
    }
  }

  /** Tells the session it holds nothing here any more, unless it still does. */
  private void forgetIfUninvolved(Session session) {
    if (workers.containsKey(session)) {
      return;
    }
    for (Submitter submitter : accounts.keySet()) {
      if (submitter.session() == session) {
        return;
      }
    }
    for (Config config : configs.values()) {
      if (config.owner.session() == session) {
        return;
      }
    }
    session.released(this);
  }

  /**
   * The counters, the configurations by tag, the workers, each account with its tasks (queued or
   * running), the order of its queue and its ready results, the order of the running tasks (those
   * whose result is unwanted written in full), then the parked takers and collectors.
   */
  @Override
  void writeState(SnapshotWriter out) throws IOException {
    out.writeLong(taskIds);
    out.writeInt(queuedCount);
    writeConfigs(out);
    writeWorkers(out);
    out.writeInt(accounts.size());
    for (Map.Entry<Submitter, Account> account : accounts.entrySet()) {
      account.getKey().writeState(out);
      writeAccount(out, account.getValue());
    }
    out.writeInt(running.size());
    for (Task task : running.values()) {
      out.writeLong(task.id);
      out.writeBoolean(task.owner == null);
      if (task.owner == null) {
        task.writeState(out);
      }
    }
    out.writeWaiters(takers, (o, worker) -> o.writeSession(worker.session));
    out.writeWaiters(collectors, (o, submitter) -> submitter.writeState(o));
  }

  private void writeConfigs(SnapshotWriter out) throws IOException {
    out.writeInt(configs.size());
    for (Map.Entry<String, Config> entry : configs.entrySet()) {
      Config config = entry.getValue();
      out.writeString(entry.getKey());
      config.owner.writeState(out);
      out.writeNullableBytes(config.initializer);
      out.writeInt(config.maxTasksPerChild);
      out.writeBoolean(config.retired);
    }
  }

  private void writeWorkers(SnapshotWriter out) throws IOException {
    out.writeInt(workers.size());
    for (Worker worker : workers.values()) {
      out.writeSession(worker.session);
      out.writeNullableString(worker.tag);
      out.writeBoolean(worker.owner != null);
      if (worker.owner != null) {
        worker.owner.writeState(out);
      }
    }
  }

  private static void writeAccount(SnapshotWriter out, Account account) throws IOException {
    out.writeInt(account.tasks.size());
    for (Task task : account.tasks.values()) {
      task.writeState(out);
    }
    out.writeInt(account.queued.size());
    for (Task task : account.queued) {
      out.writeLong(task.clientId);
    }
    out.writeInt(account.ready.size());
    for (Result result : account.ready) {
      out.writeLong(result.taskId);
      out.writeInt(result.status);
      out.writeBoolean(result.detail instanceof byte[]);
      if (result.detail instanceof byte[] bytes) {
        out.writeBytes(bytes);
      } else {
        out.writeString((String) result.detail);
      }
    }
  }

  @Override
  void readState(SnapshotReader in) throws IOException {
    taskIds = in.readLong("the last task id");
    queuedCount = in.readInt("the queued count");
    readConfigs(in);
    readWorkers(in);
    Map<Long, Task> byId = new HashMap<>();
    int count = in.readCount("the accounts");
    for (int i = 0; i < count; i++) {
      Submitter submitter = Submitter.read(in);
      accounts.put(submitter, readAccount(in, submitter, byId));
    }
    readRunning(in, byId);
    in.readWaiters(takers, this::readWorker, "the parked workers");
    in.readWaiters(collectors, Submitter::read, "the parked collectors");
  }

  private void readConfigs(SnapshotReader in) throws IOException {
    int count = in.readCount("the configurations");
    for (int i = 0; i < count; i++) {
      String tag = in.readString("a tag");
      Config config =
          new Config(
              Submitter.read(in),
              in.readNullableBytes("an initializer"),
              in.readInt("a recycling limit"));
      config.retired = in.readBoolean("whether a tag is retired");
      configs.put(tag, config);
    }
  }

  private void readWorkers(SnapshotReader in) throws IOException {
    int count = in.readCount("the workers");
    for (int i = 0; i < count; i++) {
      Session session = in.readKnownSession("a worker");
      String tag = in.readNullableString("a worker's tag");
      Submitter owner = in.readBoolean("whether a worker has a handle") ? Submitter.read(in) : null;
      workers.put(session, new Worker(session, tag, owner));
    }
  }

  private Account readAccount(SnapshotReader in, Submitter submitter, Map<Long, Task> byId)
      throws IOException {
    Account account = new Account();
    int count = in.readCount("an account's tasks");
    for (int i = 0; i < count; i++) {
      Task task = readTask(in, submitter);
      account.tasks.put(task.clientId, task);
      byId.put(task.id, task);
    }
    count = in.readCount("an account's queued tasks");
    for (int i = 0; i < count; i++) {
      Task task = account.tasks.get(in.readLong("a queued task"));
      if (task == null || task.worker != null) {
        throw in.corrupted("a queued task is not one of its account's waiting tasks");
      }
      account.queued.addLast(task);
    }
    count = in.readCount("an account's results");
    for (int i = 0; i < count; i++) {
      long taskId = in.readLong("a result's task");
      int status = in.readInt("a result's status");
      Object detail =
          in.readBoolean("a result's kind")
              ? in.readBytes("a result's detail")
              : in.readString("a result's detail");
      account.ready.addLast(new Result(taskId, status, detail));
    }
    return account;
  }

  /** Reads a task and, when it runs, links it with its worker. */
  private Task readTask(SnapshotReader in, Submitter owner) throws IOException {
    Task task = new Task(in, owner);
    if (in.readBoolean("whether a task runs")) {
      Session session = in.readSession("a task's worker");
      // a worker that left without reporting its task still runs it, though no longer joined
      Worker worker = workers.getOrDefault(session, new Worker(session, null, null));
      task.worker = worker;
      worker.task = task;
    }
    return task;
  }

  private Worker readWorker(SnapshotReader in) throws IOException {
    Session session = in.readKnownSession("a worker");
    Worker worker = workers.get(session);
    if (worker == null) {
      throw in.corrupted(session + " is not a worker of this pool");
    }
    return worker;
  }

  private void readRunning(SnapshotReader in, Map<Long, Task> byId) throws IOException {
    int count = in.readCount("the running tasks");
    for (int i = 0; i < count; i++) {
      long id = in.readLong("a running task");
      Task task = in.readBoolean("whether a task is unwanted") ? readTask(in, null) : byId.get(id);
      if (task == null || task.id != id || task.worker == null) {
        throw in.corrupted("running task " + id + " is not one a worker runs");
      }
      running.put(id, task);
    }
  }

  /** One pool handle of one connection. */
  private record Submitter(Session session, long handle) {
    void writeState(SnapshotWriter out) throws IOException {
      out.writeSession(session);
      out.writeLong(handle);
    }

    /** A submitter read back; its session may have closed since, as a worker's owner may. */
    static Submitter read(SnapshotReader in) throws IOException {
      return new Submitter(in.readSession("a pool handle's session"), in.readLong("a handle"));
    }
  }

  /**
   * A submitter's tasks not yet answered, by its ids, those of them not yet handed out, in order,
   * and its results not yet collected.
   */
  private static final class Account {
    final Map<Long, Task> tasks = new LinkedHashMap<>();
    final Deque<Task> queued = new ArrayDeque<>();
    final Deque<Result> ready = new ArrayDeque<>();
  }

  /** A result waiting for its submitter. */
  private record Result(long taskId, int status, Object detail) {
    int size() {
      return detail instanceof byte[] bytes ? bytes.length : 64;
    }

    long heldBytes() {
      return ENTRY_BYTES
          + (detail instanceof byte[] bytes
              ? MemoryBudget.of(bytes)
              : MemoryBudget.of((String) detail));
    }
  }

  /** A submitted task: queued while {@code worker} is null, else running there. */
  private static final class Task {
    final long id;
    final long clientId;
    final byte[] payload;
    final int maxAttempts;
    Submitter owner;
    int attempts;
    Worker worker;

    Task(long id, Submitter owner, long clientId, byte[] payload, int maxAttempts) {
      this.id = id;
      this.owner = Objects.requireNonNull(owner);
      this.clientId = clientId;
      this.payload = payload;
      this.maxAttempts = maxAttempts;
    }

    /** A task read from a snapshot, of {@code owner} (null when its result is unwanted). */
    Task(SnapshotReader in, Submitter owner) throws IOException {
      this.id = in.readLong("a task's id");
      this.owner = owner;
      this.clientId = in.readLong("a task's client id");
      this.payload = in.readBytes("a task's payload");
      this.maxAttempts = in.readInt("a task's most attempts");
      this.attempts = in.readInt("a task's attempts");
    }

    long heldBytes() {
      return ENTRY_BYTES + MemoryBudget.of(payload);
    }

    /** Its ids, payload and attempts, then the session of the worker running it, if any. */
    void writeState(SnapshotWriter out) throws IOException {
      out.writeLong(id);
      out.writeLong(clientId);
      out.writeBytes(payload);
      out.writeInt(maxAttempts);
      out.writeInt(attempts);
      out.writeBoolean(worker != null);
      if (worker != null) {
        out.writeSession(worker.session);
      }
    }
  }

  /**
   * A joined worker connection, the handle whose tag it joined under (null: started by hand, it
   * serves every handle), and the task it runs, if any.
   */
  private static final class Worker {
    final Session session;
    final String tag;
    final Submitter owner;
    Task task;

    Worker(Session session, String tag, Submitter owner) {
      this.session = session;
      this.tag = tag;
      this.owner = owner;
    }

    /** Whether this worker may run the tasks of {@code submitter}. */
    boolean serves(Submitter submitter) {
      return owner == null || owner.equals(submitter);
    }
  }

  /** What workers joining under a tag get, and whether they should exit. */
  private static final class Config {
    final Submitter owner;
    final byte[] initializer;
    final int maxTasksPerChild;
    boolean retired;

    Config(Submitter owner, byte[] initializer, int maxTasksPerChild) {
      this.owner = owner;
      this.initializer = initializer;
      this.maxTasksPerChild = maxTasksPerChild;
    }

    long size(String tag) {
      return ENTRY_BYTES
          + MemoryBudget.of(tag)
          + (initializer == null ? 0 : MemoryBudget.of(initializer));
    }
  }
}
