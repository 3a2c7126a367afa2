package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.Message;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.DefaultChannelPromise;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated connection. It knows each of its client's parked requests by id, and, per
 * object, the list of its calls parked there, so that a cancel finds its waiter at once and a
 * closed connection releases everything it waited on or held without looking at other sessions'
 * waiters.
 *
 * <p>Its answers count in the server's outbound {@link IoBudget} from the moment they are sent, on
 * whatever thread, until their write completes: a queue item handed to this session's taker by a
 * putter on another event loop counts while it waits for this session's loop. When the budget picks
 * this session to shed (it has the most unsent, as a client that does not read does), it is
 * condemned: from that moment it counts as closed, so no waiter of it is served and items go to
 * others, and its connection closes.
 *
 * <p>Thread confinement: {@link #send} may be called from any thread (a waiter is often completed
 * by another client's request on another event loop); the per-object lists of parked calls change
 * only under that object's lock, on any event loop; the read-batch flag is only touched on this
 * session's own event loop.
 */
final class Session implements IoBudget.Output {
  private static final Logger log = LoggerFactory.getLogger(Session.class);

  private final long id;
  private final Channel channel;
  private final WaiterLimits waiters;
  private final boolean admin;
  private final long connectedAtMillis = System.currentTimeMillis();
  private final Map<Long, Waiters.Waiter<?>> parked = new ConcurrentHashMap<>();
  private final Map<SharedObject, Waiters.Waiter<?>> latestParkedOn = new ConcurrentHashMap<>();
  private final AtomicInteger parkedCalls = new AtomicInteger();
  private final Map<SharedObject, Boolean> held = new ConcurrentHashMap<>();
  private final Set<SharedObject> owned = ConcurrentHashMap.newKeySet();
  private final IoBudget outbound;
  private final AtomicLong unsent = new AtomicLong();
  private volatile boolean condemned;
  private boolean inReadBatch;

  Session(long id, Channel channel, WaiterLimits waiters, boolean admin, IoBudget outbound) {
    this.id = id;
    this.channel = channel;
    this.waiters = waiters;
    this.admin = admin;
    this.outbound = outbound;
    outbound.track(this);
    channel.closeFuture().addListener(closed -> outbound.untrack(this));
  }

  long id() {
    return id;
  }

  /** Whether this session may run admin operations. */
  boolean isAdmin() {
    return admin;
  }

  /**
   * A row of the admin's session list: id, remote address, admin, connected-at epoch milliseconds,
   * parked calls, and the names of the objects it holds something of.
   */
  ArrayList<Object> describe() {
    ArrayList<Object> names = new ArrayList<>();
    held.keySet().stream().map(SharedObject::name).sorted().forEach(names::add);
    return new ArrayList<>(
        List.of(
            id,
            String.valueOf(channel.remoteAddress()),
            admin,
            connectedAtMillis,
            parkedCalls.get(),
            names));
  }

  /** Whether the connection is open and not condemned to close. */
  boolean isOpen() {
    return !condemned && channel.isActive();
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
    log.warn("closing {}: {}", this, why);
    channel.close();
  }

  /** Sends a message; writes during this session's own read batch are flushed once at its end. */
  void send(Message message) {
    send(message, null);
  }

  /**
   * Sends a message and runs {@code undo} if it is not written, because the connection died or the
   * reply is too large to send, so that whatever the message carried, such as a queue item, is put
   * back rather than lost. A reply too large to send is then answered with a TOO_LARGE failure.
   */
  void send(Message message, Runnable undo) {
    Write write = new Write(sizeOf(message), undo);
    unsent.addAndGet(write.bytes);
    outbound.count(write.bytes);
    if (inReadBatch && channel.eventLoop().inEventLoop()) {
      channel.write(message, write);
    } else {
      channel.writeAndFlush(message, write);
    }
    outbound.shedLargestOutput();
  }

  /**
   * The write of one message: its promise, counting its bytes until it completes, then running what
   * a failed write needs.
   */
  private final class Write extends DefaultChannelPromise implements ChannelFutureListener {
    final long bytes;
    final Runnable undo;

    Write(long bytes, Runnable undo) {
      super(channel);
      this.bytes = bytes;
      this.undo = undo;
      addListener(this);
    }

    @Override
    public void operationComplete(ChannelFuture written) {
      unsent.addAndGet(-bytes);
      outbound.uncount(bytes);
      afterWrite(written, undo);
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
   * After a write, when it failed: runs {@code undo} (if any) first, then answers a reply that
   * could not be encoded with a failure, so its caller hears why instead of waiting in vain.
   */
  private void afterWrite(ChannelFuture write, Runnable undo) {
    if (write.isSuccess()) {
      return;
    }
    if (undo != null) {
      undo.run();
    }
    if (write.cause() instanceof UnsendableReplyException unsendable && isOpen()) {
      log.warn("{}: {}; answered TOO_LARGE", this, unsendable.getMessage());
      send(
          new Message.Failure(
              unsendable.requestId(), ErrorCode.TOO_LARGE, unsendable.getMessage()));
    }
  }

  /** Runs {@code task} on this session's event loop after {@code delayNanos}. */
  ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    return channel.eventLoop().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }

  /** Records a newly parked call; called under its object's lock. */
  void parked(Waiters.Waiter<?> waiter) {
    parked.put(waiter.call.id(), waiter);
    Waiters.Waiter<?> later = latestParkedOn.put(waiter.object(), waiter);
    waiter.earlierOfSession = later;
    if (later != null) {
      later.laterOfSession = waiter;
    }
    parkedCalls.incrementAndGet();
    waiters.parked();
  }

  /** Records that a call no longer waits; called under its object's lock. */
  void unparked(Waiters.Waiter<?> waiter) {
    // a misbehaving client may reuse the id of a call still parked: only its own entry goes
    parked.remove(waiter.call.id(), waiter);
    Waiters.Waiter<?> earlier = waiter.earlierOfSession;
    Waiters.Waiter<?> later = waiter.laterOfSession;
    if (later == null) {
      if (earlier == null) {
        latestParkedOn.remove(waiter.object());
      } else {
        latestParkedOn.put(waiter.object(), earlier);
      }
    } else {
      later.earlierOfSession = earlier;
    }
    if (earlier != null) {
      earlier.laterOfSession = later;
    }
    waiter.earlierOfSession = null;
    waiter.laterOfSession = null;
    parkedCalls.decrementAndGet();
    waiters.unparked();
  }

  /** Why this session may not park one more call, or null if it may. */
  String parkRefusal() {
    return waiters.refusal(parkedCalls.get());
  }

  /** Whether this session has nothing parked and holds nothing: closing it loses nothing. */
  boolean isQuiet() {
    return parkedCalls.get() == 0 && held.isEmpty();
  }

  /** The object request {@code requestId} waits on, or null. */
  SharedObject parkedOn(long requestId) {
    Waiters.Waiter<?> waiter = parked.get(requestId);
    return waiter == null ? null : waiter.object();
  }

  /**
   * The parked call of request {@code requestId}, or null; under its object's lock, still parked.
   */
  Waiters.Waiter<?> waiter(long requestId) {
    return parked.get(requestId);
  }

  /** The latest of this session's calls parked on {@code object}, or null; under its lock. */
  Waiters.Waiter<?> latestParkedOn(SharedObject object) {
    return latestParkedOn.get(object);
  }

  /** Records that this session holds something of {@code object}, such as a lock. */
  void holds(SharedObject object) {
    held.put(object, Boolean.TRUE);
  }

  /** Records that this session holds nothing of {@code object} any more. */
  void released(SharedObject object) {
    held.remove(object);
  }

  /**
   * Records that this session created {@code object} anonymously: it goes when this session does.
   */
  void owns(SharedObject object) {
    owned.add(object);
  }

  /** The objects this session created anonymously, for deletion when it closes. */
  Collection<SharedObject> owned() {
    return List.copyOf(owned);
  }

  /** Every object this session waits on or holds something of, for release when it closes. */
  Collection<SharedObject> involvedObjects() {
    LinkedHashSet<SharedObject> objects = new LinkedHashSet<>(latestParkedOn.keySet());
    objects.addAll(held.keySet());
    return List.copyOf(objects);
  }

  /** Marks the start of a read batch on this session's event loop. */
  void beginReadBatch() {
    inReadBatch = true;
  }

  /** Marks the end of a read batch; the caller flushes the channel. */
  void endReadBatch() {
    inReadBatch = false;
  }

  @Override
  public String toString() {
    return "session " + id + " (" + channel.remoteAddress() + ")";
  }
}
