package io.jmanager.protocol;

/**
 * Operations on a pool, Python's {@code multiprocessing.Pool}: FIFOs of tasks that submitters put
 * and worker JVMs take, run and answer. A worker that joined under a handle's tag takes only that
 * handle's tasks; one started by hand (no tag) takes the oldest task of any handle. Tasks, their
 * results and their failures are opaque bytes the server never reads. A submitter is one pool
 * handle of one connection, named by a {@code Long handle} the client chooses; its results wait on
 * the server until it collects them. A task whose worker's connection closes before it answered
 * goes back to the head of the FIFO until it has been handed out {@code maxAttempts} times; then
 * its submitter gets {@link #LOST}.
 */
public enum PoolOp implements Op {
  /**
   * [Long handle, String tag, initializer bytes or null, Integer maxTasksPerChild] : null; the
   * settings workers joining with {@code tag} get. Fails with ILLEGAL_STATE when another handle
   * owns the tag. The tag is retired when its handle's connection closes.
   */
  CONFIGURE,
  /**
   * [String tag or null] : ArrayList [initializer bytes or null, Integer maxTasksPerChild]; makes
   * this connection a worker (null tag: a worker started by hand, under no handle's settings).
   * Fails with ILLEGAL_ARGUMENT for an unknown tag.
   */
  JOIN,
  /**
   * [Long handle, Integer maxAttempts, ArrayList [Long taskId, bytes payload, ...]] : null; queues
   * tasks in order. Task ids are the handle's own and must not be outstanding already.
   */
  SUBMIT,
  /**
   * [Long handle, Long timeoutNanos] : ArrayList [Long taskId, Integer status, detail, ...]; parks
   * until the handle has results. Detail: result bytes ({@link #DONE}), failure bytes ({@link
   * #FAILED}), or a String ({@link #LOST}). Task id {@link #BROKEN_TASK} reports a worker whose
   * initializer failed.
   */
  RESULTS,
  /**
   * [Long doneTaskId or -1, Integer status, detail bytes or null, Long timeoutNanos] : ArrayList
   * [Long taskId, bytes payload], or null when the worker's tag is retired and it should exit.
   * Answers the worker's previous task, if any, then parks until a task it serves is queued.
   */
  TAKE,
  /** [Long doneTaskId or -1, Integer status, detail bytes or null] : null; answers and leaves. */
  LEAVE,
  /** [failure bytes] : null; a worker's initializer failed; its tag's handle is told. */
  BROKEN,
  /**
   * [Long handle, ArrayList of Long taskIds, empty for all] : Integer, tasks cancelled; queued ones
   * are removed, running ones' results will be dropped, and waiting results are discarded.
   */
  CANCEL,
  /** [String tag] : Integer, idle workers told to exit; busy ones exit after their task. */
  RETIRE,
  /** [] : ArrayList [Integer queued, Integer running, Integer workers, Integer idle workers]. */
  STATS;

  /** Status of a task that returned: its detail is the serialized result. */
  public static final int DONE = 0;

  /** Status of a task that threw: its detail is the serialized failure. */
  public static final int FAILED = 1;

  /** Status of a task whose workers died {@code maxAttempts} times: its detail says so. */
  public static final int LOST = 2;

  /** The task id under which RESULTS reports that a worker's initializer failed. */
  public static final long BROKEN_TASK = -1;

  @Override
  public ObjectType type() {
    return ObjectType.POOL;
  }
}
