package io.jmanager.protocol;

/** The kinds of shared object a server hosts; each has its own op enum. */
public enum ObjectType {
  DICT,
  LIST,
  QUEUE;

  /** Returns the op of this type with the given ordinal, as decoded from the wire. */
  Op op(int ordinal) {
    Op[] ops =
        switch (this) {
          case DICT -> DictOp.values();
          case LIST -> ListOp.values();
          case QUEUE -> QueueOp.values();
        };
    if (ordinal < 0 || ordinal >= ops.length) {
      throw new IllegalArgumentException("unknown " + this + " op " + ordinal);
    }
    return ops[ordinal];
  }
}
