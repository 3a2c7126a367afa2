package io.jmanager.client;

import io.jmanager.protocol.ObjectType;

/**
 * What a proxy is, enough to open it again on another manager of the same server: its type, name,
 * creation parameter (a queue's maxsize, a semaphore's permits, ...) and, for some types, one more
 * detail. A proxy that travels to a child JVM or a pool worker travels as this.
 *
 * <table>
 *   <caption>The detail, by type</caption>
 *   <tr><th>type</th><th>detail</th></tr>
 *   <tr><td>LOCK, RLOCK</td><td>null for the lock; a condition's name for a condition on it</td></tr>
 *   <tr><td>PIPE</td><td>null for the pipe; {@code first/T} or {@code second/T} for one end, T the
 *       ticket of the hold reserved for the receiver</td></tr>
 *   <tr><td>ARRAY</td><td>the element type</td></tr>
 *   <tr><td>OBJECT</td><td>the interface's class name</td></tr>
 *   <tr><td>others</td><td>null</td></tr>
 * </table>
 *
 * @param owner the connection of the manager the proxy belongs to; not sent
 * @param type the object's type
 * @param name the object's name
 * @param parameter the creation parameter to open it with, -1 for none; a pool's max attempts
 * @param detail see the table
 */
record ProxyReference(
    Connection owner, ObjectType type, String name, int parameter, String detail) {
  /** The detail naming a pipe's first end. */
  static final String FIRST = "first";

  /** The detail naming a pipe's second end. */
  static final String SECOND = "second";

  /** What separates an end's name from its ticket in the detail. */
  static final String TICKET = "/";

  /**
   * Opens the object on {@code manager}: a proxy equal in use to the one this was taken from.
   * Throws what the manager's factory methods throw, and {@link IllegalArgumentException} for a
   * detail that names nothing.
   */
  Object open(Manager manager) {
    return switch (type) {
      case DICT -> manager.dict(name);
      case LIST -> manager.list(name);
      case QUEUE -> manager.queue(name, parameter);
      case JOINABLE_QUEUE -> manager.joinableQueue(name, parameter);
      case LOCK, RLOCK -> lockOrCondition(manager);
      case SEMAPHORE -> manager.semaphore(name, parameter);
      case BOUNDED_SEMAPHORE -> manager.boundedSemaphore(name, parameter);
      case EVENT -> manager.event(name);
      case BARRIER -> manager.barrier(name, parameter);
      case VALUE -> new ValueProxy<>(manager.remote(name, ObjectType.VALUE));
      case NAMESPACE -> manager.namespace(name);
      case PIPE -> pipeOrEnd(manager);
      case ARRAY -> manager.array(name, SharedArray.ElementType.valueOf(detail), parameter);
      case OBJECT -> manager.object(name, objectInterface());
      case POOL -> manager.pool(name, Pool.options().processes(0).maxAttempts(parameter));
    };
  }

  private Object lockOrCondition(Manager manager) {
    SharedLock lock = type == ObjectType.LOCK ? manager.lock(name) : manager.rlock(name);
    return detail == null ? lock : manager.condition(detail, lock);
  }

  private Object pipeOrEnd(Manager manager) {
    SharedPipe<Object> pipe = manager.pipe(name, parameter == 0);
    if (detail == null) {
      return pipe;
    }
    int slash = detail.indexOf(TICKET);
    String end = slash < 0 ? "" : detail.substring(0, slash);
    int index =
        switch (end) {
          case FIRST -> 0;
          case SECOND -> 1;
          default -> throw new IllegalArgumentException("no end '" + detail + "' of pipe " + name);
        };
    return ((PipeProxy<Object>) pipe).claim(index, ticket(detail.substring(slash + 1)));
  }

  private long ticket(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("no ticket '" + text + "' of pipe " + name, e);
    }
  }

  private Class<?> objectInterface() {
    try {
      return Class.forName(detail, false, LambdaSerializer.loader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          "interface " + detail + " of shared object '" + name + "' is not on this classpath", e);
    }
  }

  @Override
  public String toString() {
    return type + " '" + name + "'" + (detail == null ? "" : " (" + detail + ")");
  }
}
