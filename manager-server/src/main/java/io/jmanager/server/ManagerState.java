package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a server's requests change (every shared object and every session) and the one place
 * each kind of input is applied to it: a session opened, a request, a cancel, a session closed; a
 * parked call's deadline is the last kind, applied by {@link Waiters.Waiter#expire}. What these
 * leave behind is a function of the inputs alone: no input reads a clock (a request carries its
 * time), a connection's state or a thread's identity, and wherever several objects or sessions are
 * visited, they are visited in a fixed order.
 *
 * <p>In memory, each input is applied on the event loop that received it, under the lock of the
 * object it concerns, so inputs for different objects apply in parallel. Thread-safe.
 */
final class ManagerState implements Inputs {
  private static final Logger log = LoggerFactory.getLogger(ManagerState.class);

  /** The in-memory clock counts nanoseconds from here, so that it never goes below zero. */
  private static final long CLOCK_ORIGIN = System.nanoTime();

  private final Registry registry;
  private final ManagerOps managerOps;
  private final WaiterLimits waiters;
  private final AtomicLong sessionIds = new AtomicLong();

  ManagerState(Registry registry, ManagerOps managerOps, WaiterLimits waiters) {
    this.registry = registry;
    this.managerOps = managerOps;
    this.waiters = waiters;
  }

  /**
   * An empty state with {@code config}'s budgets, limits and user types, whose admins stop the
   * server with {@code shutdown}.
   */
  static ManagerState create(ServerConfig config, Runnable shutdown) {
    Registry registry = new Registry(config);
    return new ManagerState(registry, new ManagerOps(registry, shutdown), new WaiterLimits(config));
  }

  /** In memory, sessions are numbered from 1 as their connections authenticate. */
  @Override
  public long newSessionId() {
    return sessionIds.incrementAndGet();
  }

  /**
   * Opens session {@code id} for a connection in memory: its requests are applied on the
   * connection's event loop as they come, stamped with the server's clock.
   */
  @Override
  public Session.Inputs connect(long id, boolean admin, ClientLink link) {
    Session session = open(id, admin, link, link);
    return new Session.Inputs() {
      @Override
      public void request(Message.Request request) {
        apply(session, request, System.nanoTime() - CLOCK_ORIGIN);
      }

      @Override
      public void cancel(long requestId) {
        ManagerState.this.cancel(session, requestId);
      }

      @Override
      public void close() {
        ManagerState.this.close(session);
      }

      @Override
      public boolean isQuiet() {
        return session.isQuiet();
      }

      @Override
      public String toString() {
        return session.toString();
      }
    };
  }

  /** Opens session {@code id} in memory, whose answers go to {@code output}. */
  Session open(long id, boolean admin, Session.Output output, Session.Timers timers) {
    return open(new Session(id, output, timers, waiters, admin));
  }

  /**
   * Opens session {@code id} in the durable mode: it keeps what its answers hand out until their
   * delivery is applied.
   */
  Session openKeepingHandoffs(
      long id, boolean admin, Session.Output output, Session.Timers timers) {
    return open(new Session(id, output, timers, waiters, admin, true));
  }

  private Session open(Session session) {
    managerOps.opened(session);
    return session;
  }

  /**
   * Sets the limits that decide whether an operation is refused (the memory budget and the bounds
   * on parked calls), so that, in the durable mode, applying the log again refuses exactly what it
   * refused the first time, whatever the server's options are now.
   */
  void limits(Limits limits) {
    registry.memory().limit(limits.maxMemoryBytes());
    waiters.set(limits.parkedPerSession(), limits.parkedOverall());
  }

  /** The limits in force. */
  Limits limits() {
    return new Limits(registry.memory().limit(), waiters.perConnection(), waiters.overall());
  }

  /** The limits that decide whether an operation is refused. */
  record Limits(long maxMemoryBytes, int parkedPerSession, int parkedOverall) {
    /** None at all: what the durable state has before its log sets any. */
    static final Limits NONE = new Limits(Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

    /** The limits the server's options ask for. */
    static Limits of(ServerConfig config) {
      return new Limits(
          config.maxMemoryBytes(), config.maxInFlightPerConnection(), config.maxParkedWaiters());
    }
  }

  /** The open session {@code id}, or null. */
  Session session(long id) {
    return managerOps.session(id);
  }

  /** Every open session, in order of their ids. */
  List<Session> sessions() {
    return managerOps.sessionsById();
  }

  /** Every shared object, by name and id. */
  Registry registry() {
    return registry;
  }

  /**
   * Visits every parked call: object by object in order of their ids, each of its queues in order,
   * each queue first to last, under the object's lock. A state restored from a snapshot times no
   * deadline until its mode visits its waiters with {@link Waiters.Waiter#arm}.
   */
  void forEachWaiter(Consumer<Waiters.Waiter<?>> action) {
    for (SharedObject object : registry.objectsById()) {
      synchronized (object) {
        for (Waiters<?> queue : object.waiters()) {
          queue.all().forEach(action);
        }
      }
    }
  }

  /** Applies one request of {@code session} at {@code time}; answers it now or parks it. */
  void apply(Session session, Message.Request request, long time) {
    apply(new Call(session, request, time));
  }

  /**
   * Answers a read of {@code session} that the durable mode does not log, from the state as
   * applied; its answer is not kept.
   */
  void read(Session session, Message.Request request) {
    apply(Call.unkept(session, request));
  }

  private void apply(Call call) {
    Session session = call.session();
    Message.Request request = call.request();
    try {
      if (call.op() instanceof ManagerOp) {
        managerOps.apply(call);
        return;
      }
      SharedObject object = registry.get(request.objectId());
      if (object == null) {
        call.fail(ErrorCode.NO_SUCH_OBJECT, "no object has id " + request.objectId());
      } else if (object.type().opFamily() != call.op().type()) {
        call.fail(ErrorCode.WRONG_TYPE, "'" + object.name() + "' is a " + object.type());
      } else {
        object.apply(call);
      }
    } catch (OpException e) {
      call.fail(e.code(), e.getMessage());
    } catch (RuntimeException e) {
      log.error("{} failed on {}", call.op(), session, e);
      call.fail(ErrorCode.INTERNAL, call.op() + " failed: " + e);
    } catch (OutOfMemoryError e) {
      outOfMemory(call, e);
    }
  }

  /**
   * Answers MEMORY to a call that ran out of heap. Every op allocates what a change needs before it
   * changes anything, so the object is as it was; the server goes on serving.
   */
  private static void outOfMemory(Call call, OutOfMemoryError e) {
    log.error("{} on {} ran out of memory: {}", call.op(), call.session(), e.getMessage());
    if (!call.answered()) {
      call.fail(ErrorCode.MEMORY, call.op() + " needs more memory than the server has free");
    }
  }

  /** Ends the parked request {@code requestId} of {@code session} as cancelled, if it waits. */
  void cancel(Session session, long requestId) {
    SharedObject object = session.parkedOn(requestId);
    if (object != null) {
      object.cancel(session, requestId);
    }
  }

  /**
   * Closes a session: releases everything it waited on or held, in order of the objects' ids, and
   * deletes the objects it created anonymously.
   */
  void close(Session session) {
    session.close();
    session.takeBackHandoffs();
    managerOps.closed(session);
    for (SharedObject object : session.involvedObjects()) {
      object.sessionClosed(session);
    }
    registry.deleteOwned(session);
  }
}
