package io.jmanager.client;

import io.jmanager.protocol.Message;
import io.jmanager.protocol.Op;
import io.jmanager.protocol.Timeouts;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One authenticated connection to a server, shared by every thread and proxy of a {@link Manager}:
 * it keeps the calls waiting for answers, decides which thread reads, and fails every call when the
 * connection ends. {@link Connector} opens it, to one server of its address list, {@link Outbox}
 * writes it and {@link FrameReader} reads it.
 *
 * <p>No I/O thread stands between a caller and the socket. A call encodes its request on the
 * calling thread and queues the frame; whichever caller holds the write lock writes every queued
 * frame in one system call, so concurrent callers share writes. Reading is a role held by one
 * thread at a time: a caller waiting for a quick answer takes it if it is free, reads until its own
 * answer has come (completing the answers of others on the way), then hands the role to another
 * waiting caller. A lone caller therefore writes and reads its own socket, as a blocking client
 * does, while many callers still share one pipelined connection. Calls that may wait long on the
 * server (parked calls) and asynchronous calls have no caller to read for them: while any is
 * unanswered and no caller reads, a thread of a shared pool ({@code jmanager-reader}) holds the
 * role. The reader only completes raw futures; an asynchronous call's result is decoded, and its
 * stages run, on the completion executor.
 *
 * <p>Replies are matched by id, never by order, so a call parked on the server never holds up the
 * calls behind it. A parked call whose caller is interrupted or gives up waiting is cancelled on
 * the server, and an answer that beat the cancel is still returned. When the connection ends, every
 * pending call fails at once.
 */
final class Connection implements AutoCloseable {
  /** Threads that read for connections whose answers no caller is waiting to read. */
  private static final class Readers {
    static final ExecutorService POOL =
        Executors.newCachedThreadPool(new DefaultThreadFactory("jmanager-reader", true));
  }

  /** The servers this connection may be opened to, in the order they are tried. */
  private final Addresses addresses;

  private final byte[] authkey;
  private final ClientTls tls;
  private final Keepalive keepalive;
  private final Duration callTimeout;
  private final long callTimeoutNanos;

  /** The connection in use; another one once a lost one is replaced by a resume. */
  private volatile Wire wire;

  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  /** Held by the one thread that reads; the wire's reader belongs to that thread. */
  private final AtomicBoolean reading = new AtomicBoolean();

  /** Callers waiting for a quick answer that can take the reading role when it is handed on. */
  private final Queue<Pending> followers = new ConcurrentLinkedQueue<>();

  private final LongAdder readerTurns = new LongAdder();
  private final Semaphore inFlight;
  private final Queue<Runnable> completed = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean completing = new AtomicBoolean();
  private final Executor completions;

  /**
   * The answers to acknowledge, when the server keeps them until then and keeps the session past a
   * lost connection; null when the session ends with its connection.
   */
  private final Acks acks;

  private volatile String closeReason;

  /** Whether the session ended because the server closed it while its connection was lost. */
  private volatile boolean expired;

  /**
   * One connection: its sockets (cutting them ends everything at once, whoever is reading or
   * writing), what reads and writes them, and whether it is lost.
   */
  private final class Wire {
    final ClientHandshake.Link link;
    final String address;
    final FrameReader reader;
    final Outbox outbox;
    volatile boolean lost;

    Wire(ClientHandshake.Link link) {
      this.link = link;
      this.address = link.address().toString();
      this.reader = new FrameReader(link.socket(), link.in(), Connection.this::dispatch);
      this.outbox =
          new Outbox(
              link.out(),
              link.maxRequestBytes(),
              address,
              Connection.this::startReader,
              e -> failed(this, e));
    }
  }

  /**
   * Connects to the first of {@code addresses} that lets this client in and authenticates; see
   * {@link Connector#open} for what it throws.
   */
  Connection(
      Addresses addresses,
      byte[] authkey,
      ClientTls tls,
      Keepalive keepalive,
      Duration connectTimeout,
      Duration callTimeout,
      int maxInFlight,
      Executor completions) {
    this.addresses = addresses;
    this.authkey = authkey;
    this.tls = tls;
    this.keepalive = keepalive;
    this.callTimeout = callTimeout;
    this.callTimeoutNanos = Timeouts.nanos(callTimeout);
    this.inFlight = new Semaphore(maxInFlight);
    this.completions = completions;
    this.wire =
        new Wire(
            Connector.open(addresses, authkey, tls, keepalive, connectTimeout, 0, () -> false));
    this.acks = wire.link.leaseMillis() > 0 ? new Acks(this::acknowledge) : null;
    if (acks != null) {
      // someone always reads, so that a lost connection is noticed, and resumed, at once
      startReader();
    }
  }

  /**
   * Tells the server it may stop keeping the answers to requests {@code ids}. On a connection that
   * has ended, nothing is sent: the server keeps them, and sends them again on a resume.
   */
  private void acknowledge(long[] ids) {
    if (closeReason != null) {
      return;
    }
    Wire current = wire;
    try {
      current.outbox.enqueue(new Message.Ack(ids));
    } catch (RuntimeException e) {
      failed(current, e);
    }
  }

  /** Where asynchronous calls complete. */
  Executor completions() {
    return completions;
  }

  /** How many times a reader thread took the reading role, because no caller could. */
  long readerTurns() {
    return readerTurns.sum();
  }

  /** The servers this connection may be opened to, as given. */
  Addresses addresses() {
    return addresses;
  }

  /** The server it is open to. */
  Addresses.Address server() {
    return wire.link.address();
  }

  /** The server it is open to, as host:port. */
  String address() {
    return wire.address;
  }

  /**
   * Sends one request and waits up to the call timeout for its answer. A server failure is thrown
   * as the exception the Java interface promises; transport problems as {@link ManagerException}.
   * An interrupt does not abandon the call (it completes quickly); it is kept for the caller.
   */
  Object call(long objectId, Op op, Object... args) {
    return await(send(objectId, op, args), op);
  }

  /**
   * Sends a request that may park on the server for up to {@code timeoutNanos} (below zero, or
   * {@link Long#MAX_VALUE}: without limit) and waits for the server's answer, as the JDK's blocking
   * methods wait:
   *
   * <ul>
   *   <li>called with the interrupt flag set, it throws {@link InterruptedException} at once and
   *       sends nothing;
   *   <li>interrupted while waiting, it asks the server to cancel and waits for its answer: an
   *       answer that changed state for the caller (an item taken, a lock granted) is returned with
   *       the interrupt flag set again, so no value is ever dropped; any other answer ({@code kind}
   *       tells which give the caller nothing) or the cancel is thrown as {@link
   *       InterruptedException};
   *   <li>when the server has not answered within the call's timeout plus the call timeout, it
   *       gives up on it the same way: it cancels it on the server, so that nothing is taken or
   *       granted for a caller that is gone, and returns an answer that won the race, or throws
   *       {@link ManagerTimeoutException}.
   * </ul>
   */
  Object callParked(long objectId, Op op, long timeoutNanos, Parked kind, Object... args)
      throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before " + op + "; nothing was sent");
    }
    long timeout = Timeouts.unlimited(timeoutNanos) ? Timeouts.FOREVER : timeoutNanos;
    Pending answer = send(objectId, op, append(args, timeout));
    startReader();
    Object reply = waitParked(answer, op, kind, clientWait(timeout, kind));
    if (kind.gotNothing().test(reply) && Thread.interrupted()) {
      throw new InterruptedException("interrupted while waiting for " + op);
    }
    return reply;
  }

  /** How long the client waits for a parked call's answer; {@link Timeouts#FOREVER}: no limit. */
  private long clientWait(long timeout, Parked kind) {
    if (timeout == Timeouts.FOREVER || !kind.answeredByTimeout()) {
      return Timeouts.FOREVER;
    }
    long wait = Timeouts.plus(timeout, callTimeoutNanos);
    return Timeouts.unlimited(wait) ? Timeouts.FOREVER : wait;
  }

  private Object waitParked(Pending answer, Op op, Parked kind, long waitNanos)
      throws InterruptedException {
    try {
      return waitNanos == Timeouts.FOREVER
          ? answer.get()
          : answer.get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      return cancelInterrupted(answer, op, kind);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (TimeoutException e) {
      return cancelAbandoned(answer, op);
    }
  }

  /**
   * Sends a request and returns at once. The future completes on the completion executor with the
   * reply read by {@code decode}, or fails with the exception {@link #call} would throw. While
   * {@code maxInFlight} such calls are unanswered, the caller waits for one to be answered
   * (backpressure), so pipelining never grows memory without bound.
   */
  <T> AsyncResult<T> callAsync(long objectId, Op op, Function<Object, T> decode, Object... args) {
    inFlight.acquireUninterruptibly();
    Pending answer;
    try {
      answer = send(objectId, op, args);
    } catch (RuntimeException e) {
      inFlight.release();
      throw e;
    }
    startReader();
    return deliver(answer, decode, inFlight::release);
  }

  /**
   * As {@link #callAsync}, for a request that may park on the server for up to {@code timeoutNanos}
   * (below zero: for ever); parked calls do not count against {@code maxInFlight}.
   */
  <T> AsyncResult<T> callParkedAsync(
      long objectId, Op op, long timeoutNanos, Function<Object, T> decode, Object... args) {
    long timeout = Timeouts.unlimited(timeoutNanos) ? Timeouts.FOREVER : timeoutNanos;
    Pending answer = send(objectId, op, append(args, timeout));
    startReader();
    return deliver(answer, decode, () -> {});
  }

  /**
   * Runs {@code onAnswer} on the reading thread when the answer comes, then completes the result on
   * the completion executor.
   */
  private <T> AsyncResult<T> deliver(
      Pending answer, Function<Object, T> decode, Runnable onAnswer) {
    AsyncResult<T> result = new AsyncResult<>(completions);
    answer.whenComplete(
        (value, failure) -> {
          onAnswer.run();
          completeLater(
              () -> {
                if (failure != null) {
                  result.fail(unwrap(failure));
                  return;
                }
                try {
                  result.succeed(decode.apply(value));
                } catch (RuntimeException e) {
                  result.fail(e);
                }
              });
        });
    return result;
  }

  /**
   * Queues a completion; one task on the completion executor at a time runs every queued completion
   * in the order the answers came, so a burst of answers costs one hand-off, not one per answer.
   * Once the executor is shut down (its manager closed), the completion runs on this thread, so
   * that a call made after closing still fails instead of never completing.
   */
  private void completeLater(Runnable completion) {
    completed.add(completion);
    if (completing.compareAndSet(false, true)) {
      try {
        completions.execute(this::runCompletions);
      } catch (RejectedExecutionException shutDown) {
        runCompletions();
      }
    }
  }

  private void runCompletions() {
    do {
      Runnable completion;
      while ((completion = completed.poll()) != null) {
        completion.run();
      }
      completing.set(false);
    } while (!completed.isEmpty() && completing.compareAndSet(false, true));
  }

  /**
   * Cancels a parked call whose caller was interrupted, and waits for the server's answer: one that
   * gave the caller something is returned with the interrupt flag set again; the cancel, or an
   * answer that gave nothing, is thrown as {@link InterruptedException}.
   */
  private Object cancelInterrupted(Pending answer, Op op, Parked kind) throws InterruptedException {
    cancel(answer);
    Object reply;
    try {
      reply = kind.answeredByTimeout() ? await(answer, op) : awaitWithoutLimit(answer);
    } catch (CancellationException cancelled) {
      throw new InterruptedException("interrupted while waiting for " + op);
    } catch (RuntimeException e) {
      Thread.currentThread().interrupt();
      throw e;
    }
    if (kind.gotNothing().test(reply)) {
      throw new InterruptedException("interrupted while waiting for " + op);
    }
    Thread.currentThread().interrupt();
    return reply;
  }

  /**
   * Gives up on a parked call the server has not answered within its own timeout plus the call
   * timeout: cancels it on the server, so that nothing is taken or granted for a caller that is
   * gone, and waits up to the call timeout again for its answer. An answer that won the race is
   * returned; the cancel, or no answer at all, is thrown as {@link ManagerTimeoutException}.
   */
  private Object cancelAbandoned(Pending answer, Op op) {
    cancel(answer);
    try {
      return await(answer, op);
    } catch (CancellationException cancelled) {
      throw new ManagerTimeoutException(
          "no answer from "
              + wire.address
              + " to "
              + op
              + " within its timeout and the call timeout of "
              + callTimeout
              + "; it was cancelled on the server");
    }
  }

  /** Asks the server to give up a parked call; a resume asks again. */
  private void cancel(Pending answer) {
    answer.cancelled = true;
    wire.outbox.enqueue(new Message.Cancel(answer.id));
  }

  /** Waits for an answer for as long as the connection lives, keeping interrupts for later. */
  private Object awaitWithoutLimit(Pending answer) {
    try {
      return answer.join();
    } catch (CompletionException e) {
      throw unwrap(e.getCause());
    }
  }

  /**
   * Waits up to the call timeout for an answer that comes quickly, reading the socket itself
   * whenever no other thread does. Interrupts meanwhile are kept for the caller rather than
   * abandoning the call.
   */
  private Object await(Pending answer, Op op) {
    long deadline = System.nanoTime() + callTimeoutNanos;
    boolean interrupted = false;
    answer.waiter = Thread.currentThread();
    try {
      while (!answer.isDone()) {
        Wire current = wire;
        if (!current.lost && reading.compareAndSet(false, true)) {
          read(current, answer, deadline);
        } else {
          if (answer.queued.compareAndSet(false, true)) {
            followers.add(answer);
          }
          // while a lost connection is being resumed, nobody reads: the resume wakes the callers
          if ((reading.get() || current.lost) && !answer.isDone()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              break;
            }
            LockSupport.parkNanos(this, left);
            interrupted |= Thread.interrupted();
          }
        }
        if (!answer.isDone() && deadline - System.nanoTime() <= 0) {
          break;
        }
      }
      if (!answer.isDone()) {
        ManagerTimeoutException timeout = timedOut(answer, op);
        if (!reading.get()) {
          handOff();
        }
        throw timeout;
      }
      return answer.join();
    } catch (CompletionException e) {
      throw unwrap(e.getCause());
    } finally {
      answer.waiter = null;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Holding the reading role, reads until {@code own} is answered or the deadline passes, then
   * gives the role up and hands it on.
   */
  private void read(Wire current, Pending own, long deadline) {
    try {
      while (!own.isDone()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          current.reader.readOnce(
              (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left) + 1));
        } catch (SocketTimeoutException e) {
          // no answer yet: the loop checks the deadline
        }
      }
    } catch (IOException | RuntimeException e) {
      failed(current, e);
    } finally {
      reading.set(false);
      handOff();
    }
  }

  /**
   * Gives the reading role to a caller waiting for a quick answer or, when there is none but
   * answers are still due, to a reader thread.
   */
  private void handOff() {
    Pending next;
    while ((next = followers.poll()) != null) {
      next.queued.set(false);
      Thread waiter = next.waiter;
      if (!next.isDone() && waiter != null) {
        LockSupport.unpark(waiter);
        return;
      }
    }
    if (!pending.isEmpty() || keepsReading()) {
      startReader();
    }
  }

  /**
   * Whether a reader reads even with no answer due: on a connection whose session outlives it,
   * until it ends, so that a lost connection is noticed, and resumed, while the client is idle.
   */
  private boolean keepsReading() {
    return acks != null && closeReason == null;
  }

  /** Makes sure some thread reads: takes the role for a reader thread if nobody holds it. */
  private void startReader() {
    if (reading.compareAndSet(false, true)) {
      Readers.POOL.execute(this::readInBackground);
    }
  }

  /** A reader thread's turn: reads while answers are due, then gives the role up. */
  private void readInBackground() {
    readerTurns.increment();
    Wire current = wire;
    do {
      try {
        while (!current.lost && (!pending.isEmpty() || keepsReading())) {
          current.reader.readOnce(0);
        }
      } catch (IOException | RuntimeException e) {
        failed(current, e);
      } finally {
        reading.set(false);
      }
    } while (!current.lost
        && (!pending.isEmpty() || keepsReading())
        && reading.compareAndSet(false, true));
  }

  private void dispatch(Message message) {
    if (message instanceof Message.Reply reply) {
      if (acks != null) {
        acks.received(reply.id());
      }
      Pending answer = pending.remove(reply.id());
      if (answer != null) {
        answer.complete(reply.value());
        answer.wake();
      }
    } else if (message instanceof Message.Failure failure) {
      if (failure.id() == 0) {
        serverClosing("server reported " + failure.code() + ": " + failure.message());
        return;
      }
      if (acks != null) {
        acks.received(failure.id());
      }
      Pending answer = pending.remove(failure.id());
      if (answer != null) {
        answer.completeExceptionally(new RemoteFailure(failure.code(), failure.message()));
        answer.wake();
      }
    } else if (message instanceof Message.Goodbye goodbye && acks == null) {
      // a session that outlives its connection is resumed once the connection closes, at this
      // server when it comes back, or at the next leader
      serverClosing("server said goodbye: " + goodbye.reason());
    }
  }

  /** Takes no more calls and writes nothing more: the server is closing for {@code reason}. */
  private void serverClosing(String reason) {
    closeReason = reason;
    wire.outbox.close();
  }

  private Pending send(long objectId, Op op, Object[] args) {
    Pending answer = new Pending(ids.incrementAndGet());
    pending.put(answer.id, answer);
    if (closeReason != null) {
      pending.remove(answer.id);
      answer.completeExceptionally(lost());
      return answer;
    }
    Message.Request request = new Message.Request(answer.id, objectId, op, Arrays.asList(args));
    if (acks != null) {
      answer.request = request;
    }
    try {
      // encoded before enqueue returns, so the arguments are read in place, not copied
      wire.outbox.enqueue(request);
    } catch (RuntimeException e) {
      pending.remove(answer.id);
      throw e;
    }
    return answer;
  }

  /**
   * What the client knows of a kind of parked call: which answers give its caller nothing, and
   * whether the server answers by the call's own timeout. A condition wait's answer may come any
   * time after it: the waiter takes its lock back first, however long that takes.
   */
  record Parked(Predicate<Object> gotNothing, boolean answeredByTimeout) {
    /** A call answered by its timeout, whose null or false answer gives its caller nothing. */
    static final Parked NULL_OR_FALSE =
        new Parked(reply -> reply == null || Boolean.FALSE.equals(reply), true);
  }

  private static Object[] append(Object[] args, long last) {
    Object[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = last;
    return all;
  }

  private RuntimeException unwrap(Throwable cause) {
    if (cause instanceof RemoteFailure failure) {
      return failure.toException();
    }
    if (cause instanceof SessionExpiredException gone) {
      return new SessionExpiredException(gone.getMessage());
    }
    if (cause instanceof ManagerException lost) {
      return new ManagerException(lost.getMessage(), lost);
    }
    return new ManagerException("call failed: " + cause, cause);
  }

  private ManagerTimeoutException timedOut(Pending answer, Op op) {
    pending.remove(answer.id);
    return new ManagerTimeoutException(
        "no answer from " + wire.address + " to " + op + " within " + callTimeout);
  }

  private ManagerException lost() {
    return expired
        ? new SessionExpiredException(closeReason)
        : new ManagerException("connection to " + wire.address + " lost: " + closeReason);
  }

  /**
   * The connection {@code failedWire} failed: every pending call fails, unless its session outlives
   * it, which is then resumed on a new connection.
   */
  private void failed(Wire failedWire, Throwable cause) {
    String why =
        cause instanceof EOFException
            ? cause.getMessage()
            : cause instanceof IOException ? "I/O error: " + cause.getMessage() : cause.toString();
    if (acks == null || closeReason != null) {
      failPending(why);
      return;
    }
    synchronized (this) {
      if (failedWire.lost || wire != failedWire) {
        return;
      }
      failedWire.lost = true;
    }
    failedWire.outbox.close();
    failedWire.link.cut();
    Readers.POOL.execute(() -> resume(failedWire, why));
  }

  /**
   * Connects again, to the first server of the address list that lets this client in (its server
   * back, or its cluster's next leader), resumes the session, and sends again every request not
   * answered, under its id: the server applies none twice, and sends again the answers not
   * acknowledged. Tries for twice the session's lease; fails every pending call when it cannot, or
   * when the server says the session is closed.
   */
  private void resume(Wire lostWire, String why) {
    ClientHandshake.Link link;
    try {
      link =
          Connector.open(
              addresses,
              authkey,
              tls,
              keepalive,
              Duration.ofMillis(2L * lostWire.link.leaseMillis()),
              lostWire.link.sessionId(),
              () -> closeReason != null);
    } catch (SessionExpiredException e) {
      expired = true;
      failPending(e.getMessage());
      return;
    } catch (RuntimeException e) {
      failPending(why + ", and the session could not be resumed: " + e.getMessage());
      return;
    }
    Wire fresh = new Wire(link);
    synchronized (this) {
      if (closeReason != null) {
        link.cut();
        return;
      }
      wire = fresh;
    }
    List<Pending> unanswered = new ArrayList<>(pending.values());
    unanswered.sort(Comparator.comparingLong(answer -> answer.id));
    for (Pending answer : unanswered) {
      if (answer.request != null) {
        fresh.outbox.enqueue(answer.request);
      }
      if (answer.cancelled) {
        fresh.outbox.enqueue(new Message.Cancel(answer.id));
      }
    }
    startReader();
    unanswered.forEach(Pending::wake);
  }

  /** Fails every pending call and closes the socket; the first reason given is kept. */
  private void failPending(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
    Wire current = wire;
    current.outbox.close();
    current.link.cut();
    for (Long id : pending.keySet()) {
      Pending answer = pending.remove(id);
      if (answer != null) {
        answer.completeExceptionally(lost());
        answer.wake();
      }
    }
  }

  @Override
  public void close() {
    failPending("closed by this client");
  }

  /** A call waiting for its answer, under its request id. */
  private static final class Pending extends CompletableFuture<Object> {
    private final long id;

    /** The caller waiting for this quick answer, to be woken by whoever reads it. */
    private volatile Thread waiter;

    /** Whether this call is in {@link #followers}. */
    private final AtomicBoolean queued = new AtomicBoolean();

    /** The request, kept to send it again on a resumed session; null otherwise. */
    private volatile Message.Request request;

    /** Whether its caller asked the server to give it up. */
    private volatile boolean cancelled;

    Pending(long id) {
      this.id = id;
    }

    void wake() {
      Thread thread = waiter;
      if (thread != null) {
        LockSupport.unpark(thread);
      }
    }
  }
}
