package io.jmanager.protocol;

/** The kinds of shared object a server hosts; each has its own op enum. */
public enum ObjectType {
  DICT,
  LIST,
  QUEUE,
  JOINABLE_QUEUE,
  LOCK,
  RLOCK,
  SEMAPHORE,
  BOUNDED_SEMAPHORE,
  EVENT,
  BARRIER,
  VALUE,
  NAMESPACE,
  PIPE,
  ARRAY,
  OBJECT,
  POOL;

  /** The type whose op enum this type answers: itself, or the plain type of a variant. */
  public ObjectType opFamily() {
    return switch (this) {
      case RLOCK -> LOCK;
      case JOINABLE_QUEUE -> QUEUE;
      case BOUNDED_SEMAPHORE -> SEMAPHORE;
      default -> this;
    };
  }

  /** Returns the op of this type with the given ordinal, as decoded from the wire. */
  Op op(int ordinal) {
    Op[] ops =
        switch (this) {
          case DICT -> DictOp.values();
          case LIST -> ListOp.values();
          case QUEUE, JOINABLE_QUEUE -> QueueOp.values();
          case LOCK, RLOCK -> LockOp.values();
          case SEMAPHORE, BOUNDED_SEMAPHORE -> SemaphoreOp.values();
          case EVENT -> EventOp.values();
          case BARRIER -> BarrierOp.values();
          case VALUE -> ValueOp.values();
          case NAMESPACE -> NamespaceOp.values();
          case PIPE -> PipeOp.values();
          case ARRAY -> ArrayOp.values();
          case OBJECT -> ObjectOp.values();
          case POOL -> PoolOp.values();
        };
    if (ordinal < 0 || ordinal >= ops.length) {
      throw new IllegalArgumentException("unknown " + this + " op " + ordinal);
    }
    return ops[ordinal];
  }
}
