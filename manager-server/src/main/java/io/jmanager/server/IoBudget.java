package io.jmanager.server;

import io.jmanager.protocol.DecodeMeter;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A server's budget for bytes in transit, over every connection. A server has two: one inbound, for
 * requests still arriving and what decoding them allocates, and one outbound, for answers encoded
 * and not yet sent, so that clients that do not read can never keep the others' requests out. Each
 * connection's own limits bound it alone; these bound them all together, so that many connections
 * each within its limits cannot exhaust the heap or the direct memory beside it.
 *
 * <ul>
 *   <li>A large request still arriving reserves room for itself; when the budget cannot cover it,
 *       its connection stops being read until it can ({@link #whenFree}), first come, first served.
 *   <li>Decoding charges what it allocates; a request that cannot be decoded within the budget is
 *       answered MEMORY and not applied.
 *   <li>Answers are always counted, since they exist already, from the moment they are sent until
 *       their write completes; past the budget, the session with the most unsent bytes (a client
 *       that does not read) is condemned: served no more and closed, and queue items in its unsent
 *       answers go back to their queues.
 * </ul>
 *
 * <p>Thread-safe: every event loop reserves and releases.
 */
final class IoBudget {
  /** A decode meter takes room from the budget in steps of at least this, not per item. */
  private static final long METER_STEP = 64 * 1024;

  /**
   * What decoding a frame may allocate beyond its own length without drawing on the budget: a frame
   * of up to {@link FrameDecoder#RESERVE_ABOVE} bytes decodes to at most about 17 times its size. A
   * larger frame's own length is covered by the room its frame decoder reserved. So each event loop
   * decodes within this much unbudgeted memory.
   */
  static final long FREE_DECODE_BYTES = 1024 * 1024;

  private final long limit;

  /** Room reserved by requests: exact, so that a reservation never passes the limit. */
  private final AtomicLong reserved = new AtomicLong();

  /** Answers counted: striped, since every answer of every connection counts here. */
  private final LongAdder counted = new LongAdder();

  private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
  private final Set<Output> outputs = ConcurrentHashMap.newKeySet();

  IoBudget(long limit) {
    this.limit = limit;
  }

  long limit() {
    return limit;
  }

  /** Bytes counted now. */
  long used() {
    return reserved.get() + counted.sum();
  }

  /** Reserves {@code bytes} if they fit in what is left; returns whether they did. */
  boolean tryReserve(long bytes) {
    long answers = counted.sum();
    long now;
    do {
      now = reserved.get();
      if (now + answers + bytes > limit) {
        return false;
      }
    } while (!reserved.compareAndSet(now, now + bytes));
    return true;
  }

  /** Releases reserved {@code bytes} and lets connections waiting for room try again. */
  void release(long bytes) {
    reserved.addAndGet(-bytes);
    wakeWaiting();
  }

  /** Counts answers of {@code bytes}, which exist already, whether they fit or not. */
  void count(long bytes) {
    counted.add(bytes);
  }

  /** Stops counting answers of {@code bytes}, written or failed. */
  void uncount(long bytes) {
    counted.add(-bytes);
  }

  /** A connection waiting for {@code bytes} of room, and how it tries again. */
  record Waiting(long bytes, Runnable retry) {}

  /**
   * Runs {@code retry} once {@code bytes} fit, in the order connections began to wait; at once if
   * they fit now and nobody waits. The retry runs on whichever thread released room, so it must
   * hand itself to its own event loop; it may find the room taken again and wait once more. A
   * connection that closes while it waits must {@link #stopWaiting}, so it holds up nobody.
   */
  Waiting whenFree(long bytes, Runnable retry) {
    Waiting entry = new Waiting(bytes, retry);
    waiting.add(entry);
    wakeWaiting();
    return entry;
  }

  /** Forgets a wait that is no longer wanted, and lets the next one try. */
  void stopWaiting(Waiting entry) {
    if (waiting.remove(entry)) {
      wakeWaiting();
    }
  }

  private void wakeWaiting() {
    Waiting head;
    while ((head = waiting.peek()) != null
        && used() + head.bytes() <= limit
        && waiting.remove(head)) {
      head.retry().run();
    }
  }

  /** Where answers go: a session, whose unsent answers this budget counts. */
  interface Output {
    /** Bytes of answers sent and not yet written. */
    long unsentBytes();

    /** Whether it has been condemned already. */
    boolean isCondemned();

    /** Serves it no more and closes its connection, for {@code why}; from any thread. */
    void condemn(String why);
  }

  /** Counts the answers of one more session. */
  void track(Output output) {
    outputs.add(output);
  }

  /** Stops counting a closed session's answers. */
  void untrack(Output output) {
    outputs.remove(output);
  }

  /**
   * While the budget is exceeded, condemns the session with the most unsent answers, leaving out
   * those condemned already: what they hold is about to be released.
   */
  void shedLargestOutput() {
    if (!exceeded()) {
      return;
    }
    long condemnedBytes = 0;
    Output largest = null;
    for (Output output : outputs) {
      if (output.isCondemned()) {
        condemnedBytes += output.unsentBytes();
      } else if (largest == null || output.unsentBytes() > largest.unsentBytes()) {
        largest = output;
      }
    }
    long used = used();
    if (largest != null && largest.unsentBytes() > 0 && used - condemnedBytes > limit) {
      largest.condemn(
          largest.unsentBytes()
              + " bytes of answers unsent, the most of any connection, while answers unsent to all"
              + " clients ("
              + used
              + " bytes) are over the server's budget of "
              + limit
              + " bytes");
    }
  }

  /** Whether more is counted than the budget allows. */
  boolean exceeded() {
    return used() > limit;
  }

  /** A meter for one connection's decoding, confined to its event loop. */
  DecodeMeter meter() {
    return new Meter();
  }

  /** Charges this budget for what decoding one message allocates, until the message is handled. */
  private final class Meter implements DecodeMeter {
    private long allowance;
    private long charged;
    private long reserved;

    @Override
    public void begin(int frameBytes) {
      allowance = FREE_DECODE_BYTES + frameBytes;
    }

    @Override
    public void charge(long bytes) {
      charged += bytes;
      if (charged > allowance + reserved) {
        long more = Math.max(charged - allowance - reserved, METER_STEP);
        if (!tryReserve(more)) {
          throw new Refused(
              0,
              "decoding this request needs more than the server's I/O budget of "
                  + limit
                  + " bytes has left now; it was not applied");
        }
        reserved += more;
      }
    }

    @Override
    public void done() {
      if (reserved > 0) {
        release(reserved);
      }
      reserved = 0;
      charged = 0;
      allowance = 0;
    }
  }
}
