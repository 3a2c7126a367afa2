package io.jmanager.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import io.jmanager.protocol.FrameDecoder;
import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.MessageCodec;
import io.jmanager.protocol.Op;
import io.jmanager.protocol.ProtocolKryo;
import io.jmanager.protocol.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One authenticated connection to a server, shared by every thread and proxy of a {@link Manager}.
 * A call registers a future under a fresh request id, encodes its request on the calling thread and
 * queues the frame; the event loop writes every queued frame and flushes once, so concurrent
 * callers share system calls. Replies are matched by id, never by order, so a call parked on the
 * server never holds up the calls behind it. When the connection ends, every pending call fails at
 * once.
 */
final class Connection implements AutoCloseable {
  private final String address;
  private final Duration callTimeout;
  private final ValueCodec values;

  /**
   * The I/O threads every connection of this JVM shares, one per core up to 4, started on first
   * use; daemon threads, so they never keep a JVM alive. Each connection stays on one of them.
   */
  private static final class Loops {
    static final EventLoopGroup GROUP =
        Transport.group(
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
            new DefaultThreadFactory("jmanager-client", true));
  }

  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Queue<ByteBuf> outbox = new ConcurrentLinkedQueue<>();
  private final Pool<Encoder> encoders =
      new Pool<>(true, false) {
        @Override
        protected Encoder create() {
          return new Encoder(ProtocolKryo.create(), new Output(256, -1));
        }
      };
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicLong ids = new AtomicLong();
  private final Semaphore inFlight;
  private final Queue<Runnable> completed = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean completing = new AtomicBoolean();
  private final Executor completions;
  private final Channel channel;
  private volatile String closeReason;

  Connection(
      String host,
      int port,
      byte[] authkey,
      Duration connectTimeout,
      Duration callTimeout,
      ValueCodec values,
      int maxInFlight,
      Executor completions) {
    this.address = host + ":" + port;
    this.callTimeout = callTimeout;
    this.values = values;
    this.inFlight = new Semaphore(maxInFlight);
    this.completions = completions;
    ClientHandshakeHandler handshake =
        new ClientHandshakeHandler(authkey, address, new Responses());
    Bootstrap bootstrap =
        new Bootstrap()
            .group(Loops.GROUP)
            .channel(Transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new FrameDecoder(Handshake.MAX_FRAME_BYTES), handshake);
                  }
                });
    channel = connect(bootstrap, host, port);
    try {
      handshake.done().get(connectTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RuntimeException | Error e) {
      channel.close();
      throw e;
    } catch (ExecutionException e) {
      channel.close();
      throw (RuntimeException) e.getCause();
    } catch (TimeoutException e) {
      channel.close();
      throw new ManagerException("no handshake from " + address + " within " + connectTimeout);
    } catch (InterruptedException e) {
      channel.close();
      Thread.currentThread().interrupt();
      throw new ManagerException("interrupted while connecting to " + address);
    }
  }

  private Channel connect(Bootstrap bootstrap, String host, int port) {
    ChannelFuture connected = bootstrap.connect(host, port).awaitUninterruptibly();
    if (!connected.isSuccess()) {
      Throwable cause = connected.cause();
      throw new ManagerException("cannot connect to " + address + ": " + cause.getMessage(), cause);
    }
    return connected.channel();
  }

  /** The codec for user values. */
  ValueCodec values() {
    return values;
  }

  /** Where asynchronous calls complete. */
  Executor completions() {
    return completions;
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
   * Sends a request that may park on the server for up to {@code timeoutNanos} (below zero: for
   * ever) and waits for the server's answer. On interrupt it asks the server to cancel: if the
   * server cancelled, it throws {@link InterruptedException}; if an answer won the race, it returns
   * it with the interrupt flag set again, so no value is ever dropped.
   */
  Object callParked(long objectId, Op op, long timeoutNanos, Object... args)
      throws InterruptedException {
    Pending answer = send(objectId, op, append(args, timeoutNanos));
    try {
      if (timeoutNanos < 0) {
        return answer.get();
      }
      return answer.get(timeoutNanos + callTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      return cancel(answer, op);
    } catch (ExecutionException e) {
      throw unwrap(e);
    } catch (TimeoutException e) {
      throw timedOut(answer, op);
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
    return deliver(answer, decode, inFlight::release);
  }

  /**
   * As {@link #callAsync}, for a request that may park on the server for up to {@code timeoutNanos}
   * (below zero: for ever); parked calls do not count against {@code maxInFlight}.
   */
  <T> AsyncResult<T> callParkedAsync(
      long objectId, Op op, long timeoutNanos, Function<Object, T> decode, Object... args) {
    return deliver(send(objectId, op, append(args, timeoutNanos)), decode, () -> {});
  }

  /**
   * Runs {@code onAnswer} on the I/O thread when the answer comes, then completes the result on the
   * completion executor.
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

  private Object cancel(Pending answer, Op op) throws InterruptedException {
    enqueue(new Message.Cancel(answer.id));
    try {
      Object value = await(answer, op);
      Thread.currentThread().interrupt();
      return value;
    } catch (CancellationException cancelled) {
      throw new InterruptedException("interrupted while waiting for " + op);
    }
  }

  /**
   * Waits up to the call timeout for an answer that comes quickly; interrupts meanwhile are kept
   * for the caller rather than abandoning the call.
   */
  private Object await(Pending answer, Op op) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + callTimeout.toNanos();
    try {
      while (true) {
        try {
          return answer.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw unwrap(e);
        } catch (TimeoutException e) {
          throw timedOut(answer, op);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
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
      enqueue(new Message.Request(answer.id, objectId, op, new ArrayList<>(Arrays.asList(args))));
    } catch (RuntimeException e) {
      pending.remove(answer.id);
      throw e;
    }
    return answer;
  }

  /**
   * Encodes the message on the calling thread, so that many callers share the encoding work, and
   * queues its frame for the I/O thread.
   */
  private void enqueue(Message message) {
    Encoder encoder = encoders.obtain();
    ByteBuf frame;
    try {
      int length = MessageCodec.frame(encoder.kryo(), encoder.output(), message);
      frame = Unpooled.wrappedBuffer(Arrays.copyOf(encoder.output().getBuffer(), length));
    } finally {
      encoders.free(encoder);
    }
    outbox.add(frame);
    if (drainScheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(this::drain);
    }
  }

  /** Writes every queued frame and flushes once; runs on the event loop. */
  private void drain() {
    drainScheduled.set(false);
    ByteBuf frame;
    while ((frame = outbox.poll()) != null) {
      channel.write(frame, channel.voidPromise());
    }
    channel.flush();
  }

  /** A Kryo and its output buffer, borrowed by one calling thread at a time. */
  private record Encoder(Kryo kryo, Output output) {}

  private static Object[] append(Object[] args, long last) {
    Object[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = last;
    return all;
  }

  private RuntimeException unwrap(ExecutionException e) {
    return unwrap(e.getCause());
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

  private ManagerTimeoutException timedOut(Pending answer, Op op) {
    pending.remove(answer.id);
    return new ManagerTimeoutException(
        "no answer from " + address + " to " + op + " within " + callTimeout);
  }

  private ManagerException lost() {
    return new ManagerException("connection to " + address + " lost: " + closeReason);
  }

  /** Fails every pending call; runs once, when the channel closes. */
  private void failPending(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
    for (Long id : pending.keySet()) {
      Pending answer = pending.remove(id);
      if (answer != null) {
        answer.completeExceptionally(lost());
      }
    }
  }

  @Override
  public void close() {
    failPending("closed by this client");
    channel.close().awaitUninterruptibly();
  }

  /** A call waiting for its answer, under its request id. */
  private static final class Pending extends CompletableFuture<Object> {
    private final long id;

    Pending(long id) {
      this.id = id;
    }
  }

  /** Completes calls from the server's answers; the last handler of the pipeline. */
  @ChannelHandler.Sharable
  private final class Responses extends SimpleChannelInboundHandler<Message> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
      if (message instanceof Message.Reply reply) {
        complete(reply.id(), reply.value(), null);
      } else if (message instanceof Message.Failure failure) {
        if (failure.id() == 0) {
          closeReason = "server reported " + failure.code() + ": " + failure.message();
        } else {
          complete(failure.id(), null, new RemoteFailure(failure.code(), failure.message()));
        }
      } else if (message instanceof Message.Goodbye goodbye) {
        closeReason = "server said goodbye: " + goodbye.reason();
      }
    }

    private void complete(long id, Object value, RemoteFailure failure) {
      Pending answer = pending.remove(id);
      if (answer == null) {
        return;
      }
      if (failure == null) {
        answer.complete(value);
      } else {
        answer.completeExceptionally(failure);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      failPending("the server closed the connection");
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failPending(cause.toString());
      ctx.close();
    }
  }
}
