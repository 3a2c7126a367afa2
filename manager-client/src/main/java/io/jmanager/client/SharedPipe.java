package io.jmanager.client;

import java.io.EOFException;
import java.util.concurrent.TimeUnit;

/**
 * A pipe shared by every JVM connected to the server, Python's {@code Pipe()}: two connected ends,
 * {@link #first()} and {@link #second()}; what one sends, the other receives, in order. A one-way
 * pipe ({@link Manager#pipe(String, boolean)} with {@code duplex} false, Python's {@code
 * Pipe(duplex=False)}) receives on the first end and sends on the second. After one end is closed,
 * the other receives what is left and then {@link EOFException} (Python's EOFError). Ends are not
 * owned by clients: a client's death closes nothing, since another JVM may use the same end.
 *
 * <h2>Errors</h2>
 *
 * <p>{@link #name()}, {@link #duplex()}, {@link #first()} and {@link #second()} are answered
 * locally and throw nothing; the ends' methods throw as {@link Connection} says. Opening it ({@link
 * Manager#pipe(String, boolean)}) throws {@link WrongTypeException} when the name holds another
 * type of object, and {@link IllegalStateException} when it exists with the other direction.
 *
 * @param <E> the type of what is sent, registered with the manager's Kryo unless built in
 */
public interface SharedPipe<E> {
  /** The name this pipe is shared under. */
  String name();

  /** Whether both ends send and receive. */
  boolean duplex();

  /** End 0; in a one-way pipe, the receiving end. */
  Connection<E> first();

  /** End 1; in a one-way pipe, the sending end. */
  Connection<E> second();

  /**
   * One end of a pipe, Python's {@code Connection}. Misuse (a closed end, or the wrong direction of
   * a one-way pipe) throws {@link IllegalStateException}.
   *
   * <h2>Errors</h2>
   *
   * <p>Every method is one call to the server and may throw {@link ManagerException} when the
   * connection is lost, {@link ManagerTimeoutException} when the server does not answer within the
   * call timeout, {@link IllegalArgumentException} when a request is over the server's frame limit
   * (nothing is sent), and {@link IllegalStateException} once the object has been deleted ({@link
   * Manager#delete}). A value to store, or one read back, whose class is not registered in this JVM
   * throws {@link SerializationException}. A call that would grow the object past the server's
   * memory budget throws {@link MemoryLimitException}, and one whose answer is over the server's
   * reply limit {@link TooLargeException}. A closed end, or the wrong direction of a one-way pipe,
   * throws {@link IllegalStateException}, and receiving once the other end is closed and nothing is
   * left {@link EOFException}. Blocking methods wait on the server and keep the JDK's interrupt
   * contract: called with the interrupt flag set, they throw {@link InterruptedException} at once
   * and send nothing; interrupted while waiting, they are cancelled on the server and throw it,
   * unless the server had served them already: then they return what they got, with the flag set
   * again. A call that would wait when the server's limits on waiting calls are reached throws
   * {@link ServerBusyException}, unapplied. After a lost connection or a timeout the call may or
   * may not have been applied; the other errors apply nothing.
   *
   * @param <E> the type of what is sent
   */
  interface Connection<E> extends AutoCloseable {
    /** Sends a value to the other end; throws {@link IllegalStateException} if it is closed. */
    void send(E value);

    /**
     * Waits for the next value; throws {@link EOFException} once the other end closed and none is
     * left.
     */
    E recv() throws InterruptedException, EOFException;

    /** Waits at most {@code timeout} for the next value; null on timeout. */
    E recv(long timeout, TimeUnit unit) throws InterruptedException, EOFException;

    /** Whether {@link #recv()} would return at once (a value, or the end of the stream). */
    boolean poll();

    /** Waits at most {@code timeout} until {@link #poll()} would be true; returns it. */
    boolean poll(long timeout, TimeUnit unit) throws InterruptedException;

    /** Closes this end, for every client; closing again does nothing. */
    @Override
    void close();
  }
}
