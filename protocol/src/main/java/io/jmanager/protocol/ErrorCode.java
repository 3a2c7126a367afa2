package io.jmanager.protocol;

/**
 * Why a request failed; travels with a message, never as a serialized exception. The wire carries
 * the ordinal: append new codes at the end, never reorder.
 */
public enum ErrorCode {
  /** An operation needs an object of another type than the one bound to the name. */
  WRONG_TYPE,
  /** The object does not exist (any more): it was deleted. */
  NO_SUCH_OBJECT,
  /** Nothing there, as {@link java.util.NoSuchElementException}. */
  NO_SUCH_ELEMENT,
  /** An index outside the list, as {@link IndexOutOfBoundsException}. */
  INDEX_OUT_OF_BOUNDS,
  /** A bad argument, as {@link IllegalArgumentException}. */
  ILLEGAL_ARGUMENT,
  /** Not possible in the object's state, as {@link IllegalStateException}. */
  ILLEGAL_STATE,
  /** The client cancelled a parked call before it completed. */
  CANCELLED,
  /** A message the server could not decode or did not expect. */
  PROTOCOL,
  /** A user-registered object's method threw; the message names the exception and its text. */
  REMOTE_EXCEPTION,
  /** The server is shutting down; the call was not applied. */
  SHUTTING_DOWN,
  /** A bug on the server; the message says what failed. */
  INTERNAL,
  /** A server limit was reached (waiters, calls in flight); the call was not applied. */
  BUSY,
  /** The connection's key does not allow the operation: admin operations need the admin key. */
  FORBIDDEN,
  /** An answer too large to send (over the frame limit); nothing was applied, nothing taken. */
  TOO_LARGE,
  /**
   * The server's memory budget is used up: the call would have grown the stored data and was not
   * applied. Calls that read or shrink still work. Also the answer to a call that ran out of heap:
   * it changed nothing.
   */
  MEMORY,
  /**
   * The queue was shut down (Python's {@code ShutDown}): it takes no more items, and has none left
   * to give.
   */
  QUEUE_SHUT_DOWN
}
