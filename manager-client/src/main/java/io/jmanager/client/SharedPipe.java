package io.jmanager.client;

import java.io.EOFException;
import java.util.concurrent.TimeUnit;

/**
 * A pipe shared by every JVM connected to the server, Python's {@code Pipe()}: two connected ends,
 * {@link #first()} and {@link #second()}; what one sends, the other receives, in order. A one-way
 * pipe ({@link Manager#pipe(String, boolean)} with {@code duplex} false, Python's {@code
 * Pipe(duplex=False)}) receives on the first end and sends on the second.
 *
 * <h2>Ends and closing</h2>
 *
 * <p>As each Python process holds its own handle of an end, each JVM holds its own hold on it (one
 * per {@link Manager}'s connection): {@link #first()} and {@link #second()} take it, {@link
 * Connection#close()} releases it, and so does the manager closing or its JVM dying, as a dying
 * process's handles close. Closing an end releases only this JVM's hold: other JVMs holding it go
 * on using it. The end is closed for real when its last hold is released: what was sent to it and
 * not received is dropped, sending to it throws {@link IllegalStateException}, and the other end
 * receives what is left, then {@link EOFException} (Python's EOFError). So a reader sees the end of
 * the stream only once every JVM that took the writing end has closed it, and, as in Python, each
 * process should close the end it does not use. An end no JVM has taken yet is open: what is sent
 * to it waits there. An end closed for real stays closed: taking it throws {@link
 * IllegalStateException}.
 *
 * <p>An end passed to a child ({@link Manager#process}) or captured by a pool task is held for the
 * receiving JVM from the moment it is sent, as a Python child inherits its parent's handle: the
 * parent may close its own hold right after {@code start()}, Python's close-the-end-you-don't-use
 * idiom, and the end stays open for the child. The hold is the receiver's once it opens the end;
 * one it never opens is released when the sender's manager closes.
 *
 * <p>Where it differs from Python: holds are per JVM, not per {@code Connection} object (taking the
 * same end twice in one JVM is one hold, and closing either closes it for that JVM); an end is held
 * from {@code first()} or {@code second()}, not from the pipe's creation; sending to an end closed
 * for real throws {@link IllegalStateException} where Python raises BrokenPipeError; and {@link
 * Connection#recvBytes(int)} leaves a message that is too long in the pipe.
 *
 * <h2>Errors</h2>
 *
 * <p>{@link #name()} and {@link #duplex()} are answered locally and throw nothing; {@link #first()}
 * and {@link #second()} call the server and throw as {@link Connection}'s methods do, and {@link
 * IllegalStateException} when the end is closed for real. The ends' methods throw as {@link
 * Connection} says. Opening it ({@link Manager#pipe(String, boolean)}) throws {@link
 * WrongTypeException} when the name holds another type of object, and {@link IllegalStateException}
 * when it exists with the other direction.
 *
 * @param <E> the type of what is sent, registered with the manager's Kryo unless built in
 */
public interface SharedPipe<E> {
  /** The name this pipe is shared under. */
  String name();

  /** Whether both ends send and receive. */
  boolean duplex();

  /** End 0 (in a one-way pipe, the receiving end), held by this JVM until it closes it. */
  Connection<E> first();

  /** End 1 (in a one-way pipe, the sending end), held by this JVM until it closes it. */
  Connection<E> second();

  /**
   * One end of a pipe, Python's {@code Connection}. Misuse (an end this JVM closed, or the wrong
   * direction of a one-way pipe) throws {@link IllegalStateException}. Values sent with {@link
   * #send} travel as Kryo bytes; {@link #sendBytes} sends bytes as they are, for {@link
   * #recvBytes()} at the other end, as Python's {@code send_bytes} and {@code recv_bytes}. Mixing
   * them is an error, as in Python: {@link #recvBytes()} of a value returns its Kryo bytes, {@link
   * #recv()} of raw bytes throws {@link SerializationException} unless they happen to decode.
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
   * reply limit {@link TooLargeException}. An end this JVM closed, sending to an end closed for
   * real, or the wrong direction of a one-way pipe throws {@link IllegalStateException}, and
   * receiving once the other end is closed for real and nothing is left {@link EOFException}.
   * Blocking methods wait on the server and keep the JDK's interrupt contract: called with the
   * interrupt flag set, they throw {@link InterruptedException} at once and send nothing;
   * interrupted while waiting, they are cancelled on the server and throw it, unless the server had
   * served them already: then they return what they got, with the flag set again. A call that would
   * wait when the server's limits on waiting calls are reached throws {@link ServerBusyException},
   * unapplied. After a lost connection or a timeout the call may or may not have been applied; the
   * other errors apply nothing.
   *
   * @param <E> the type of what is sent
   */
  interface Connection<E> extends AutoCloseable {
    /** Sends a value to the other end; throws {@link IllegalStateException} if it is closed. */
    void send(E value);

    /**
     * Sends {@code bytes} as they are, one message, Python's {@code send_bytes}; throws {@link
     * IllegalStateException} if the other end is closed.
     */
    void sendBytes(byte[] bytes);

    /**
     * Sends {@code length} bytes of {@code bytes} from {@code offset}, one message, Python's {@code
     * send_bytes(buffer, offset, size)}; throws {@link IndexOutOfBoundsException} when they are not
     * all inside {@code bytes}.
     */
    void sendBytes(byte[] bytes, int offset, int length);

    /**
     * Waits for the next value; throws {@link EOFException} once the other end closed and none is
     * left.
     */
    E recv() throws InterruptedException, EOFException;

    /** Waits at most {@code timeout} for the next value; null on timeout. */
    E recv(long timeout, TimeUnit unit) throws InterruptedException, EOFException;

    /**
     * Waits for the next message and returns its bytes as sent, Python's {@code recv_bytes()};
     * throws {@link EOFException} once the other end closed and none is left.
     */
    byte[] recvBytes() throws InterruptedException, EOFException;

    /**
     * As {@link #recvBytes()}, Python's {@code recv_bytes(maxlength)}: throws {@link
     * MessageTooLongException} (Python's OSError) when the next message is longer than {@code
     * maxLength} bytes, leaving it in the pipe, and {@link IllegalArgumentException} when {@code
     * maxLength} is negative.
     */
    byte[] recvBytes(int maxLength)
        throws InterruptedException, EOFException, MessageTooLongException;

    /** Whether {@link #recv()} would return at once (a value, or the end of the stream). */
    boolean poll();

    /** Waits at most {@code timeout} until {@link #poll()} would be true; returns it. */
    boolean poll(long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Releases this JVM's hold on this end; the end closes for real once no JVM holds it. Closing
     * again does nothing.
     */
    @Override
    void close();
  }
}
