package io.jmanager.protocol;

/**
 * Operations on a shared FIFO queue, optionally bounded. Elements are opaque serialized bytes
 * ({@code byte[]}). Ops marked "parks" wait on the server, never on a server thread, until they can
 * complete, the timeout passes, or the client cancels them; a timeout in nanoseconds below zero
 * means wait forever. The ordinal is the wire format: append new ops, never reorder.
 */
public enum QueueOp implements Op {
  /** [element] : Boolean, false when full. */
  OFFER,
  /** [element, Long timeoutNanos] : Boolean, false on timeout; parks while full. */
  OFFER_WAIT,
  /** [] : element or null when empty. */
  POLL,
  /** [Long timeoutNanos] : element or null on timeout; parks while empty. */
  POLL_WAIT,
  /** [] : head element or null, not removed. */
  PEEK,
  /** [] : Integer. */
  SIZE,
  /** [] : Integer, free places ({@link Integer#MAX_VALUE} when unbounded). */
  REMAINING_CAPACITY,
  /** [Integer max] : ArrayList of up to max elements taken from the head. */
  DRAIN,
  /** [] : null. */
  CLEAR,
  /** [] : ArrayList, every element from head to tail. */
  SNAPSHOT,
  /** [element] : Boolean. */
  CONTAINS,
  /** [element] : Boolean; removes the first equal element. */
  REMOVE,
  /** [ArrayList elements] : Boolean; removes every element equal to one given. */
  REMOVE_ALL,
  /** [ArrayList elements] : Boolean; keeps only elements equal to one given. */
  RETAIN_ALL,
  /**
   * [ArrayList elements] : Boolean; appends all or none, failing with {@link
   * ErrorCode#ILLEGAL_STATE} when they do not all fit.
   */
  ADD_ALL,
  /** [] : Integer, how many takers are parked waiting for an item. */
  WAITING_TAKERS,
  /**
   * [] : null; joinable queues only: marks one item taken as processed, failing with ILLEGAL_STATE
   * when more items were marked than were put.
   */
  TASK_DONE,
  /** [Long timeoutNanos] : Boolean; joinable only: parks until every item put is marked done. */
  JOIN,
  /** [] : Integer; joinable only: items put and not yet marked done. */
  UNFINISHED,
  /**
   * [] : ArrayList of Long id, element, id, element, ... from head to tail. An element's id is
   * given when it enters the queue, unique in the queue's life, and kept when an element handed to
   * a taker whose connection died goes back to the head.
   */
  SNAPSHOT_IDS,
  /** [Long id] : Boolean; removes the element with this id, if it is still in the queue. */
  REMOVE_ID,
  /**
   * [Boolean immediate] : null; Python 3.13's {@code shutdown}: from now on every offer fails with
   * {@link ErrorCode#QUEUE_SHUT_DOWN}, as does every poll once the queue is empty; parked putters
   * (and takers, if it is empty) are woken with it. When immediate, the items left are discarded
   * too (a joinable queue counts them done) and every parked taker is woken with it.
   */
  SHUTDOWN,
  /** [] : Boolean, whether {@link #SHUTDOWN} was called. */
  IS_SHUT_DOWN;

  @Override
  public ObjectType type() {
    return ObjectType.QUEUE;
  }
}
