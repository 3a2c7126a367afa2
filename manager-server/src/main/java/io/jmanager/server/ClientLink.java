package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.Message;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.DefaultChannelPromise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection of one session, in memory: where its answers are written and its parked calls'
 * deadlines are timed (on the connection's event loop). An answer that cannot be written, because
 * the connection died or the answer is too large to send, is undeliverable: what it carried is put
 * back at once, since nothing else will ever read it.
 *
 * <p>Its answers count in the server's outbound {@link IoBudget} from the moment they are sent, on
 * whatever thread, until their write completes: a queue item handed to this session's taker by a
 * putter on another event loop counts while it waits for this session's loop. When the budget picks
 * this link to shed (it has the most unsent, as a client that does not read does), it is condemned:
 * its connection closes, and with it the session.
 *
 * <p>Thread confinement: {@link #send} may be called from any thread; the read-batch flag is only
 * touched on the connection's own event loop. A thread that writes many answers to links it does
 * not serve (the log's applying thread) holds their flushes in {@link #flushingOnce}, so that each
 * link is flushed once for them all, with one wake-up of its event loop.
 */
final class ClientLink implements Session.Output, Session.Timers, IoBudget.Output {
  private static final Logger log = LoggerFactory.getLogger(ClientLink.class);

  /** The links written to off their event loops whose flushes this thread holds; see below. */
  private static final ThreadLocal<Set<ClientLink>> unflushed = new ThreadLocal<>();

  private final Channel channel;
  private final IoBudget outbound;
  private final long connectedAtMillis = System.currentTimeMillis();
  private final AtomicLong unsent = new AtomicLong();
  private volatile boolean condemned;
  private boolean inReadBatch;

  /**
   * The answers that wait for the client's welcome (see {@link #holdAnswers}); null when answers go
   * out at once. Guarded by this link's lock.
   */
  private volatile List<Write> beforeWelcome;

  /** The connection of a session, whose written bytes count against {@code outbound}. */
  ClientLink(Channel channel, IoBudget outbound) {
    this.channel = channel;
    this.outbound = outbound;
    outbound.track(this);
    channel.closeFuture().addListener(closed -> outbound.untrack(this));
  }

  @Override
  public String client() {
    return String.valueOf(channel.remoteAddress());
  }

  @Override
  public long connectedAtMillis() {
    return connectedAtMillis;
  }

  /** False once condemned. */
  @Override
  public boolean accepting() {
    return !condemned;
  }

  @Override
  public long unsentBytes() {
    return unsent.get();
  }

  @Override
  public boolean isCondemned() {
    return condemned;
  }

  @Override
  public void condemn(String why) {
    condemned = true;
    log.warn("closing {}: {}", client(), why);
    channel.close();
  }

  /** Closes the connection, whose session stays: its client may come back to it. */
  void drop() {
    channel.close();
  }

  /** Writes an answer; writes during this connection's own read batch are flushed at its end. */
  @Override
  public void send(Message message, Handoff handoff) {
    send(new Write(message, handoff, null));
  }

  @Override
  public void sendKept(Message message, Runnable written) {
    send(new Write(message, null, written));
  }

  /**
   * Holds the answers until {@link #welcome}: those to requests the client sent with its
   * authentication, before a welcome that waits for its session to exist.
   */
  synchronized void holdAnswers() {
    beforeWelcome = new ArrayList<>();
  }

  /** Writes the welcome, then the answers held for it; from now on answers go out at once. */
  synchronized void welcome(ByteBuf welcome) {
    channel.writeAndFlush(welcome);
    List<Write> held = beforeWelcome;
    beforeWelcome = null;
    if (held != null) {
      held.forEach(this::write);
    }
  }

  private void send(Write write) {
    if (beforeWelcome != null) {
      synchronized (this) {
        if (beforeWelcome != null) {
          beforeWelcome.add(write);
          return;
        }
      }
    }
    write(write);
  }

  private void write(Write write) {
    Message message = write.message;
    unsent.addAndGet(write.bytes);
    outbound.count(write.bytes);
    if (inReadBatch && channel.eventLoop().inEventLoop()) {
      channel.write(message, write);
    } else {
      Set<ClientLink> held = unflushed.get();
      if (held == null) {
        channel.writeAndFlush(message, write);
      } else {
        // queued on the event loop without waking it; the flush below wakes it once
        channel.write(message, write);
        held.add(this);
      }
    }
    outbound.shedLargestOutput();
  }

  /**
   * Runs {@code writes}, holding the flushes of the answers they write on this thread, then flushes
   * every link they wrote to, once each; returns what {@code writes} returns.
   */
  static <T> T flushingOnce(Supplier<T> writes) {
    Set<ClientLink> held = Collections.newSetFromMap(new IdentityHashMap<>());
    unflushed.set(held);
    try {
      return writes.get();
    } finally {
      unflushed.remove();
      held.forEach(link -> link.channel.flush());
    }
  }

  /** Times a deadline on this connection's event loop; it expires the waiter under its lock. */
  @Override
  public Future<?> arm(Waiters.Waiter<?> waiter) {
    return channel
        .eventLoop()
        .schedule(waiter::expire, waiter.deadline() - waiter.call.time(), TimeUnit.NANOSECONDS);
  }

  /** Runs {@code task} on this connection's event loop. */
  void execute(Runnable task) {
    channel.eventLoop().execute(task);
  }

  /** Marks the start of a read batch on this connection's event loop. */
  void beginReadBatch() {
    inReadBatch = true;
  }

  /** Marks the end of a read batch; the caller flushes the channel. */
  void endReadBatch() {
    inReadBatch = false;
  }

  /**
   * The write of one answer: its promise, counting its bytes until it completes, then running what
   * an undeliverable answer needs.
   */
  private final class Write extends DefaultChannelPromise implements ChannelFutureListener {
    final Message message;
    final long bytes;
    final Handoff handoff;
    final Runnable written;

    Write(Message message, Handoff handoff, Runnable written) {
      super(channel);
      this.message = message;
      this.bytes = sizeOf(message);
      this.handoff = handoff;
      this.written = written;
      addListener(this);
    }

    @Override
    public void operationComplete(ChannelFuture write) {
      unsent.addAndGet(-bytes);
      outbound.uncount(bytes);
      if (write.isSuccess() && written != null) {
        written.run();
      }
      afterWrite(write, handoff);
    }
  }

  /** An estimate of the bytes a message takes on its way out: its values and a little framing. */
  private static long sizeOf(Message message) {
    return 32 + (message instanceof Message.Reply reply ? sizeOf(reply.value()) : 0);
  }

  private static long sizeOf(Object value) {
    if (value instanceof byte[] bytes) {
      return 8 + bytes.length;
    }
    if (value instanceof List<?> list) {
      long total = 8;
      for (Object item : list) {
        total += sizeOf(item);
      }
      return total;
    }
    return value instanceof String text ? 8 + 3L * text.length() : 16;
  }

  /**
   * After a write, when it failed: puts back what it handed out (if anything) first, then answers a
   * reply that could not be encoded with a failure, so its caller hears why instead of waiting in
   * vain.
   */
  private void afterWrite(ChannelFuture write, Handoff handoff) {
    if (write.isSuccess()) {
      return;
    }
    if (handoff != null) {
      handoff.undo();
    }
    if (write.cause() instanceof UnsendableReplyException unsendable
        && !condemned
        && channel.isActive()) {
      log.warn("{}: {}; answered TOO_LARGE", client(), unsendable.getMessage());
      send(
          new Message.Failure(unsendable.requestId(), ErrorCode.TOO_LARGE, unsendable.getMessage()),
          null);
    }
  }

  @Override
  public String toString() {
    return client();
  }
}
