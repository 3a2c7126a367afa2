package io.jmanager.protocol;

import java.util.List;

/**
 * The kinds of shared object a server hosts. Each names the op enum it answers and, if it takes a
 * creation parameter (the third argument of {@link ManagerOp#OPEN}), what that parameter is; a
 * variant (an rlock, a joinable queue, a bounded semaphore) answers its plain type's ops and takes
 * its parameter.
 *
 * <p>The wire carries ordinals, both of these constants and of every op enum's: append new ones at
 * the end, never insert, remove or reorder. {@code MessageCodecTest} pins the last of each.
 */
public enum ObjectType {
  DICT(DictOp.class),
  LIST(ListOp.class),
  QUEUE(QueueOp.class, "maxsize"),
  JOINABLE_QUEUE(QUEUE),
  LOCK(LockOp.class),
  RLOCK(LOCK),
  SEMAPHORE(SemaphoreOp.class, "permits"),
  BOUNDED_SEMAPHORE(SEMAPHORE),
  EVENT(EventOp.class),
  BARRIER(BarrierOp.class, "parties"),
  VALUE(ValueOp.class),
  NAMESPACE(NamespaceOp.class),
  PIPE(PipeOp.class, "one-way flag"),
  ARRAY(ArrayOp.class, "length"),
  OBJECT(ObjectOp.class),
  POOL(PoolOp.class);

  private static final List<ObjectType> ALL = List.of(values());

  private final ObjectType opFamily;
  private final List<Op> ops;
  private final String parameterName;

  /** A type that takes no creation parameter. */
  ObjectType(Class<? extends Op> ops) {
    this(ops, null);
  }

  /** A type whose creation parameter is {@code parameterName}. */
  ObjectType(Class<? extends Op> ops, String parameterName) {
    this.opFamily = this;
    this.ops = List.of(ops.getEnumConstants());
    this.parameterName = parameterName;
  }

  /** A variant of {@code plain}: its ops and parameter. */
  ObjectType(ObjectType plain) {
    this.opFamily = plain;
    this.ops = plain.ops;
    this.parameterName = plain.parameterName;
  }

  /** The type whose op enum this type answers: itself, or the plain type of a variant. */
  public ObjectType opFamily() {
    return opFamily;
  }

  /** Every op of this type, in wire order. */
  public List<Op> ops() {
    return ops;
  }

  /** Whether objects of this type take a creation parameter, such as a bound or a count. */
  public boolean parameterized() {
    return parameterName != null;
  }

  /** What the creation parameter means, for messages; null for a type without one. */
  public String parameterName() {
    return parameterName;
  }

  /**
   * The type with the given ordinal, as decoded from the wire; throws {@link
   * IllegalArgumentException} for an unknown one. (Unlike {@code values()}, copies no array.)
   */
  public static ObjectType ofOrdinal(int ordinal) {
    if (ordinal < 0 || ordinal >= ALL.size()) {
      throw new IllegalArgumentException("unknown object type " + ordinal);
    }
    return ALL.get(ordinal);
  }

  /** Returns the op of this type with the given ordinal, as decoded from the wire. */
  Op op(int ordinal) {
    if (ordinal < 0 || ordinal >= ops.size()) {
      throw new IllegalArgumentException("unknown " + this + " op " + ordinal);
    }
    return ops.get(ordinal);
  }
}
