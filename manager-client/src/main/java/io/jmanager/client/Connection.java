package io.jmanager.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.HandshakeException;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.MessageCodec;
import io.jmanager.protocol.Op;
import io.jmanager.protocol.ProtocolKryo;
import io.jmanager.protocol.Timeouts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
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
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/**
 * One authenticated connection to a server, shared by every thread and proxy of a {@link Manager}.
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
 * role.
 *
 * <p>Replies are matched by id, never by order, so a call parked on the server never holds up the
 * calls behind it. When the connection ends, every pending call fails at once.
 */
final class Connection implements AutoCloseable {
  /** Past this many bytes in one write batch, a reader is started so replies cannot back up. */
  private static final int UNREAD_WRITE_BYTES = 64 * 1024;

  private static final int BUFFER_BYTES = 64 * 1024;

  /*
   * The handshake's one-time costs (buffer classes, the JCE provider behind HMAC, seeding the
   * random source) are paid here, before any socket opens: a JVM starting among many on a busy
   * machine could otherwise spend the server's whole handshake timeout on them.
   */
  static {
    Handshake.auth(
            UnpooledByteBufAllocator.DEFAULT, new byte[0], Handshake.nonce(), Handshake.nonce())
        .release();
  }

  /** Threads that read for connections whose answers no caller is waiting to read. */
  private static final class Readers {
    static final ExecutorService POOL =
        Executors.newCachedThreadPool(new DefaultThreadFactory("jmanager-reader", true));
  }

  private final String address;
  private final Duration callTimeout;
  private final long callTimeoutNanos;

  /** The TCP connection; closing it ends everything at once, whoever is reading or writing. */
  private final Socket tcp;

  /** What calls read and write: {@link #tcp}, or TLS over it. */
  private final Socket socket;

  private final InputStream in;
  private final OutputStream out;

  /** The server's frame limit: the largest request body it accepts. */
  private final int maxRequestBytes;

  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Pool<Encoder> encoders =
      new Pool<>(true, false) {
        @Override
        protected Encoder create() {
          return new Encoder(ProtocolKryo.create(), MessageCodec.newOutput());
        }
      };

  private final Queue<byte[]> outbox = new ConcurrentLinkedQueue<>();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final byte[] writeBuffer = new byte[BUFFER_BYTES];

  /** Held by the one thread that reads; the fields below it belong to that thread. */
  private final AtomicBoolean reading = new AtomicBoolean();

  private final Kryo readKryo = ProtocolKryo.create();
  private final Input readInput = new Input();
  private byte[] readBuffer = new byte[BUFFER_BYTES];
  private int readStart;
  private int readEnd;
  private int soTimeoutMillis = -1;

  /** Callers waiting for a quick answer that can take the reading role when it is handed on. */
  private final Queue<Pending> followers = new ConcurrentLinkedQueue<>();

  private final LongAdder readerTurns = new LongAdder();
  private final Semaphore inFlight;
  private final Queue<Runnable> completed = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean completing = new AtomicBoolean();
  private final Executor completions;
  private volatile String closeReason;

  Connection(
      String host,
      int port,
      byte[] authkey,
      ClientTls tls,
      Keepalive keepalive,
      Duration connectTimeout,
      Duration callTimeout,
      int maxInFlight,
      Executor completions) {
    this.address = host + ":" + port;
    this.callTimeout = callTimeout;
    this.callTimeoutNanos = Timeouts.nanos(callTimeout);
    this.inFlight = new Semaphore(maxInFlight);
    this.completions = completions;
    int connectMillis =
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, Timeouts.nanos(connectTimeout) / 1_000_000));
    this.tcp = new Socket();
    try {
      tcp.setTcpNoDelay(true);
      keepalive.apply(tcp);
      tcp.connect(new InetSocketAddress(host, port), connectMillis);
    } catch (IOException e) {
      closeQuietly();
      throw new ManagerException("cannot connect to " + address + ": " + e.getMessage(), e);
    }
    try {
      this.socket = tls == null ? tcp : startTls(tls, host, port, connectMillis);
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
      this.maxRequestBytes = handshake(authkey, connectMillis, tls != null).maxFrameBytes();
    } catch (IOException e) {
      closeQuietly();
      throw new ManagerException("cannot connect to " + address + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  /** Runs the TLS handshake over the connected socket. */
  private Socket startTls(ClientTls tls, String host, int port, int timeoutMillis) {
    try {
      return tls.open(tcp, host, port, timeoutMillis);
    } catch (SSLException e) {
      throw tlsFailed(e);
    } catch (SocketTimeoutException e) {
      throw new ManagerException(
          "no TLS handshake from " + address + " within " + Duration.ofMillis(timeoutMillis));
    } catch (IOException e) {
      throw new ManagerException("TLS handshake with " + address + " failed: " + e, e);
    }
  }

  private AuthenticationException tlsFailed(SSLException e) {
    return new AuthenticationException(
        "TLS handshake with " + address + " failed: " + ClientTls.reason(e), e);
  }

  /**
   * Proves both sides hold the authkey (see {@link Handshake}) before any Kryo decoding. A
   * plaintext client of a server that requires TLS reads nothing here: the server waits for a TLS
   * handshake, then refuses it or closes, so the errors say TLS may be required.
   */
  private Handshake.Welcome handshake(byte[] authkey, int timeoutMillis, boolean overTls) {
    String maybeTls =
        overTls
            ? ""
            : " (if the server requires TLS, connect with TLS: Manager.Builder.tls, or"
                + " JMANAGER_TLS_CA for Manager.fromEnvironment)";
    try {
      socket.setSoTimeout(timeoutMillis);
      Handshake.Hello hello = Handshake.readHello(readHandshakeFrame());
      byte[] clientNonce = Handshake.nonce();
      ByteBuf auth =
          Handshake.auth(
              UnpooledByteBufAllocator.DEFAULT, authkey, hello.serverNonce(), clientNonce);
      try {
        auth.readBytes(out, auth.readableBytes());
      } finally {
        auth.release();
      }
      return Handshake.readWelcome(readHandshakeFrame(), authkey, clientNonce, hello.serverNonce());
    } catch (HandshakeException e) {
      String message = "server " + address + " refused the connection: " + e.getMessage();
      throw switch (e.status()) {
        case Handshake.WRONG_KEY -> new AuthenticationException(message);
        case Handshake.BUSY -> new ServerBusyException(message);
        default -> new ManagerException(message);
      };
    } catch (SSLException e) {
      // TLS 1.3 ends the client's TLS handshake before the server has checked its certificate,
      // so a refused client certificate is only heard of now
      throw tlsFailed(e);
    } catch (SocketTimeoutException e) {
      throw new ManagerException(
          "no handshake from "
              + address
              + " within "
              + Duration.ofMillis(timeoutMillis)
              + maybeTls);
    } catch (EOFException e) {
      throw new ManagerException(
          "server " + address + " closed the connection during the handshake" + maybeTls);
    } catch (IOException e) {
      throw new ManagerException("handshake with " + address + " failed: " + e.getMessage(), e);
    }
  }

  private ByteBuf readHandshakeFrame() throws IOException {
    byte[] prefix = in.readNBytes(Integer.BYTES);
    if (prefix.length < Integer.BYTES) {
      throw new EOFException();
    }
    int length = Unpooled.wrappedBuffer(prefix).readInt();
    if (length < 0 || length > Handshake.MAX_FRAME_BYTES) {
      throw new HandshakeException(Handshake.WRONG_VERSION, "not a jmanager handshake");
    }
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new EOFException();
    }
    return Unpooled.wrappedBuffer(body);
  }

  /** Where asynchronous calls complete. */
  Executor completions() {
    return completions;
  }

  /** How many times a reader thread took the reading role, because no caller could. */
  long readerTurns() {
    return readerTurns.sum();
  }

  /** The server's address, as host:port. */
  String address() {
    return address;
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
    enqueue(new Message.Cancel(answer.id));
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
    enqueue(new Message.Cancel(answer.id));
    try {
      return await(answer, op);
    } catch (CancellationException cancelled) {
      throw new ManagerTimeoutException(
          "no answer from "
              + address
              + " to "
              + op
              + " within its timeout and the call timeout of "
              + callTimeout
              + "; it was cancelled on the server");
    }
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
        if (reading.compareAndSet(false, true)) {
          read(answer, deadline);
        } else {
          if (answer.queued.compareAndSet(false, true)) {
            followers.add(answer);
          }
          if (reading.get() && !answer.isDone()) {
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
  private void read(Pending own, long deadline) {
    try {
      while (!own.isDone()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          readOnce((int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left) + 1));
        } catch (SocketTimeoutException e) {
          // no answer yet: the loop checks the deadline
        }
      }
    } catch (IOException | RuntimeException e) {
      failed(e);
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
    if (!pending.isEmpty()) {
      startReader();
    }
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
    do {
      try {
        while (!pending.isEmpty()) {
          readOnce(0);
        }
      } catch (IOException | RuntimeException e) {
        failed(e);
      } finally {
        reading.set(false);
      }
    } while (!pending.isEmpty() && reading.compareAndSet(false, true));
  }

  /**
   * Reads once, waiting up to {@code timeoutMillis} (0: without limit), and dispatches every whole
   * frame read so far. Only the holder of the reading role calls it.
   */
  private void readOnce(int timeoutMillis) throws IOException {
    if (timeoutMillis != soTimeoutMillis) {
      socket.setSoTimeout(timeoutMillis);
      soTimeoutMillis = timeoutMillis;
    }
    int n = in.read(readBuffer, readEnd, readBuffer.length - readEnd);
    if (n < 0) {
      throw new EOFException("the server closed the connection");
    }
    readEnd += n;
    dispatchFrames();
  }

  /** Dispatches every whole frame in the read buffer and makes room for the next one. */
  private void dispatchFrames() throws IOException {
    while (true) {
      int available = readEnd - readStart;
      if (available < Integer.BYTES) {
        makeRoom(Integer.BYTES);
        return;
      }
      int length = bigEndianInt(readBuffer, readStart);
      if (length < 0 || length > MessageCodec.MAX_REPLY_BYTES) {
        throw new IOException(
            "the server sent a frame of "
                + Integer.toUnsignedString(length)
                + " bytes, over the limit of "
                + MessageCodec.MAX_REPLY_BYTES);
      }
      if (available - Integer.BYTES < length) {
        makeRoom(Integer.BYTES + length);
        return;
      }
      Message message =
          MessageCodec.decode(readKryo, readInput, readBuffer, readStart + Integer.BYTES, length);
      readStart += Integer.BYTES + length;
      dispatch(message);
    }
  }

  private static int bigEndianInt(byte[] bytes, int at) {
    return (bytes[at] & 0xff) << 24
        | (bytes[at + 1] & 0xff) << 16
        | (bytes[at + 2] & 0xff) << 8
        | (bytes[at + 3] & 0xff);
  }

  /** Makes the read buffer hold {@code frameBytes} from the start of the unread bytes. */
  private void makeRoom(int frameBytes) {
    int unread = readEnd - readStart;
    if (unread == 0 && readBuffer.length > BUFFER_BYTES) {
      readBuffer = new byte[BUFFER_BYTES];
    } else if (readBuffer.length - readStart < frameBytes) {
      byte[] target =
          frameBytes <= readBuffer.length
              ? readBuffer
              : new byte[Math.max(frameBytes, readBuffer.length * 2)];
      System.arraycopy(readBuffer, readStart, target, 0, unread);
      readBuffer = target;
    } else if (unread > 0) {
      return;
    }
    readStart = 0;
    readEnd = unread;
  }

  private void dispatch(Message message) {
    if (message instanceof Message.Reply reply) {
      Pending answer = pending.remove(reply.id());
      if (answer != null) {
        answer.complete(reply.value());
        answer.wake();
      }
    } else if (message instanceof Message.Failure failure) {
      if (failure.id() == 0) {
        closeReason = "server reported " + failure.code() + ": " + failure.message();
        return;
      }
      Pending answer = pending.remove(failure.id());
      if (answer != null) {
        answer.completeExceptionally(new RemoteFailure(failure.code(), failure.message()));
        answer.wake();
      }
    } else if (message instanceof Message.Goodbye goodbye) {
      closeReason = "server said goodbye: " + goodbye.reason();
    }
  }

  private Pending send(long objectId, Op op, Object[] args) {
    Pending answer = new Pending(ids.incrementAndGet());
    pending.put(answer.id, answer);
    if (closeReason != null) {
      pending.remove(answer.id);
      answer.completeExceptionally(lost());
      return answer;
    }
    try {
      // encoded before enqueue returns, so the arguments are read in place, not copied
      enqueue(new Message.Request(answer.id, objectId, op, Arrays.asList(args)));
    } catch (RuntimeException e) {
      pending.remove(answer.id);
      throw e;
    }
    return answer;
  }

  /**
   * Encodes the message on the calling thread and queues its frame; then, unless another thread is
   * writing already (and will write this frame too), writes every queued frame. A request larger
   * than the server's frame limit is refused here with {@link IllegalArgumentException}, and
   * nothing is sent: the server would close the connection every thread of this manager shares.
   */
  private void enqueue(Message message) {
    Encoder encoder = encoders.obtain();
    try {
      int length = MessageCodec.frame(encoder.kryo(), encoder.output(), message);
      if (length - Integer.BYTES > maxRequestBytes) {
        throw tooLarge(message, length - Integer.BYTES);
      }
      outbox.add(Arrays.copyOf(encoder.output().getBuffer(), length));
    } finally {
      MessageCodec.trim(encoder.output());
      encoders.free(encoder);
    }
    while (!outbox.isEmpty() && writeLock.tryLock()) {
      try {
        writeOutbox();
      } catch (IOException e) {
        failed(e);
      } finally {
        writeLock.unlock();
      }
    }
  }

  /** Writes the queued frames, gathered into as few system calls as the buffer allows. */
  private void writeOutbox() throws IOException {
    int buffered = 0;
    long written = 0;
    byte[] frame;
    while ((frame = outbox.poll()) != null) {
      if (closeReason != null) {
        outbox.clear();
        return;
      }
      if (buffered + frame.length > writeBuffer.length) {
        written += write(writeBuffer, buffered, written);
        buffered = 0;
      }
      if (frame.length > writeBuffer.length) {
        written += write(frame, frame.length, written);
      } else {
        System.arraycopy(frame, 0, writeBuffer, buffered, frame.length);
        buffered += frame.length;
      }
    }
    write(writeBuffer, buffered, written);
  }

  /**
   * Writes {@code length} bytes. A large batch can fill the socket while the server waits to send
   * its answers, so past {@link #UNREAD_WRITE_BYTES} a reader is started first.
   */
  private int write(byte[] bytes, int length, long writtenBefore) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (writtenBefore + length > UNREAD_WRITE_BYTES) {
      startReader();
    }
    out.write(bytes, 0, length);
    return length;
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

  /** A Kryo and its output buffer, borrowed by one calling thread at a time. */
  private record Encoder(Kryo kryo, Output output) {}

  private static Object[] append(Object[] args, long last) {
    Object[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = last;
    return all;
  }

  private RuntimeException unwrap(Throwable cause) {
    if (cause instanceof RemoteFailure failure) {
      return failure.toException();
    }
    if (cause instanceof ManagerException lost) {
      return new ManagerException(lost.getMessage(), lost);
    }
    return new ManagerException("call failed: " + cause, cause);
  }

  private IllegalArgumentException tooLarge(Message message, int bytes) {
    String what =
        message instanceof Message.Request request
            ? request.op().toString()
            : message.getClass().getSimpleName();
    return new IllegalArgumentException(
        "the request "
            + what
            + " is "
            + bytes
            + " bytes, over the limit of "
            + maxRequestBytes
            + " bytes of server "
            + address
            + "; nothing was sent");
  }

  private ManagerTimeoutException timedOut(Pending answer, Op op) {
    pending.remove(answer.id);
    return new ManagerTimeoutException(
        "no answer from " + address + " to " + op + " within " + callTimeout);
  }

  private ManagerException lost() {
    return new ManagerException("connection to " + address + " lost: " + closeReason);
  }

  private void failed(Throwable cause) {
    failPending(
        cause instanceof EOFException
            ? cause.getMessage()
            : cause instanceof IOException ? "I/O error: " + cause.getMessage() : cause.toString());
  }

  /** Fails every pending call and closes the socket; the first reason given is kept. */
  private void failPending(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
    closeQuietly();
    for (Long id : pending.keySet()) {
      Pending answer = pending.remove(id);
      if (answer != null) {
        answer.completeExceptionally(lost());
        answer.wake();
      }
    }
  }

  /**
   * Closes the TCP connection without TLS's close_notify: that alert could wait for ever on a full
   * send buffer when the server has stopped reading, and a cut cannot pass for a whole message,
   * since every frame states its length.
   */
  private void closeQuietly() {
    try {
      tcp.close();
    } catch (IOException ignored) {
      // closing anyway: nothing more to release
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
