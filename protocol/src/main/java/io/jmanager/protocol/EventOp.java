package io.jmanager.protocol;

/**
 * Operations on a shared event, Python's {@code Event}: a flag that WAIT parks on, on the server,
 * until it is set; a timeout below zero means wait forever, zero means do not wait.
 */
public enum EventOp implements Op {
  /** [] : null; sets the flag and wakes every waiter. */
  SET,
  /** [] : null; clears the flag. */
  CLEAR,
  /** [] : Boolean, the flag. */
  IS_SET,
  /** [Long timeoutNanos] : Boolean, the flag when the wait ended (false on timeout). */
  WAIT,
  /** [] : Integer, how many waiters are parked. */
  WAITING;

  @Override
  public ObjectType type() {
    return ObjectType.EVENT;
  }
}
