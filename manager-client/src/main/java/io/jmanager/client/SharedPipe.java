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
