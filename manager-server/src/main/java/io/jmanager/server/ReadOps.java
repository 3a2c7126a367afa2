package io.jmanager.server;

import io.jmanager.protocol.ArrayOp;
import io.jmanager.protocol.BarrierOp;
import io.jmanager.protocol.DictOp;
import io.jmanager.protocol.EventOp;
import io.jmanager.protocol.ListOp;
import io.jmanager.protocol.LockOp;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.NamespaceOp;
import io.jmanager.protocol.Op;
import io.jmanager.protocol.PoolOp;
import io.jmanager.protocol.QueueOp;
import io.jmanager.protocol.SemaphoreOp;
import io.jmanager.protocol.ValueOp;
import java.util.Set;

/**
 * The operations that only read: they answer at once from the state and change nothing in it, not
 * even what a failure would. The durable mode answers them without the log, once everything the
 * session sent before them is applied. A user type's methods are never counted among them.
 */
final class ReadOps {
  private static final Set<Op> READS =
      Set.of(
          DictOp.GET,
          DictOp.CONTAINS_KEY,
          DictOp.CONTAINS_VALUE,
          DictOp.SIZE,
          DictOp.ENTRIES,
          DictOp.KEYS,
          DictOp.VALUES,
          ListOp.SIZE,
          ListOp.GET,
          ListOp.INDEX_OF,
          ListOp.LAST_INDEX_OF,
          ListOp.CONTAINS,
          ListOp.CONTAINS_ALL,
          ListOp.SNAPSHOT,
          ListOp.SNAPSHOT_RANGE,
          QueueOp.PEEK,
          QueueOp.SIZE,
          QueueOp.REMAINING_CAPACITY,
          QueueOp.SNAPSHOT,
          QueueOp.CONTAINS,
          QueueOp.WAITING_TAKERS,
          QueueOp.UNFINISHED,
          QueueOp.SNAPSHOT_IDS,
          QueueOp.IS_SHUT_DOWN,
          LockOp.IS_LOCKED,
          LockOp.HOLD_COUNT,
          LockOp.WAITING,
          LockOp.CONDITION_WAITING,
          SemaphoreOp.AVAILABLE,
          SemaphoreOp.WAITING,
          EventOp.IS_SET,
          EventOp.WAITING,
          BarrierOp.IS_BROKEN,
          BarrierOp.WAITING,
          BarrierOp.ACTION,
          ValueOp.GET,
          NamespaceOp.GET,
          NamespaceOp.CONTAINS,
          NamespaceOp.NAMES,
          ArrayOp.GET,
          ArrayOp.LENGTH,
          ArrayOp.SNAPSHOT,
          PoolOp.STATS,
          ManagerOp.NAMES,
          ManagerOp.SESSIONS);

  /**
   * The reads whose answers say how this server sees its clients (their addresses, when they
   * connected), which no other replica sees alike: never logged, answered by the server the client
   * is connected to, whatever the session sent before.
   */
  private static final Set<Op> LOCAL = Set.of(ManagerOp.SESSIONS);

  private ReadOps() {}

  /** Whether {@code op} is a read answered by the client's own server, never logged. */
  static boolean isLocal(Op op) {
    return LOCAL.contains(op);
  }

  /** Whether {@code op} only reads. */
  static boolean isRead(Op op) {
    return READS.contains(op);
  }
}
