package io.jmanager.protocol;

/**
 * One operation on a shared object. Each shared type has one enum of ops; {@link ManagerOp} holds
 * the operations on the manager itself. On the wire an op is its type's ordinal then its own.
 */
public sealed interface Op
    permits DictOp,
        ListOp,
        QueueOp,
        LockOp,
        SemaphoreOp,
        EventOp,
        BarrierOp,
        ValueOp,
        NamespaceOp,
        PipeOp,
        ArrayOp,
        ObjectOp,
        PoolOp,
        ManagerOp {

  /** The type this op applies to, or {@code null} for a {@link ManagerOp}. */
  ObjectType type();

  /** Position of this op in its enum. */
  int ordinal();
}
