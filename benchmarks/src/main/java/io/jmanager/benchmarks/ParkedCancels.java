package io.jmanager.benchmarks;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.MessageCodec;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.Op;
import io.jmanager.protocol.ProtocolKryo;
import io.jmanager.protocol.QueueOp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cost of cancelling parked calls: {@code connections} connections each park {@code takes}
 * takes on one empty queue (by default 16 x 16,384 = 262,144, the default limits), then the newest
 * connection cancels all of its takes at once. Prints the time from writing the first Cancel to
 * reading the last CANCELLED answer, and checks that every other take still waits. Speaks the
 * protocol by hand: the client sends a Cancel only for an interrupted thread, and 16,384 threads
 * would measure the client. Usage: {@code ParkedCancels [connections] [takes]}.
 */
public final class ParkedCancels {
  private static final long FOREVER = -1;

  private ParkedCancels() {}

  /** Parks, cancels, checks, and prints one line. */
  public static void main(String[] args) throws Exception {
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int takes = args.length > 1 ? Integer.parseInt(args[1]) : 16_384;
    Path jar = Path.of("manager-server/target/manager-server.jar");
    try (Daemon daemon = Daemon.start(jar, List.of(), List.of())) {
      List<Raw> clients = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        clients.add(new Raw(daemon.port()));
      }
      Raw first = clients.get(0);
      long queue =
          (Long) ((List<?>) first.call(0, ManagerOp.OPEN, "cancels", ObjectType.QUEUE, 0)).get(0);
      int parked = park(clients, queue, takes);
      double seconds = cancelAll(clients.get(connections - 1), takes);
      JmanagerPeer.expect(
          "takes still parked",
          (Integer) first.call(queue, QueueOp.WAITING_TAKERS),
          parked - takes);
      System.out.printf(
          "jmanager: %,d cancels with %,d takes parked: %.3f s (%.1f us each)%n",
          takes, parked, seconds, seconds * 1e6 / takes);
      for (Raw client : clients) {
        client.close();
      }
    }
  }

  /** Parks {@code takes} takes from each client and waits until the server has them all. */
  private static int park(List<Raw> clients, long queue, int takes) throws IOException {
    for (Raw client : clients) {
      for (int i = 0; i < takes; i++) {
        client.send(queue, QueueOp.POLL_WAIT, FOREVER);
      }
      client.flush();
    }
    int parked = clients.size() * takes;
    while ((Integer) clients.get(0).call(queue, QueueOp.WAITING_TAKERS) < parked) {
      Thread.onSpinWait();
    }
    return parked;
  }

  /** Cancels every take of {@code client}; returns the seconds until the last is answered. */
  private static double cancelAll(Raw client, int takes) throws IOException {
    long start = System.nanoTime();
    client.cancelAll();
    for (int i = 0; i < takes; i++) {
      Message answer = client.read();
      if (!(answer instanceof Message.Failure failure) || failure.code() != ErrorCode.CANCELLED) {
        throw new IllegalStateException("expected CANCELLED, got " + answer);
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** One connection speaking the protocol by hand: requests written in batches, answers read. */
  private static final class Raw implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Kryo kryo = ProtocolKryo.create();
    private final Output output = new Output(256, -1);
    private long ids;

    Raw(int port) throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      in = new DataInputStream(socket.getInputStream());
      out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      byte[] key = new byte[0];
      byte[] clientNonce = Handshake.nonce();
      byte[] serverNonce = Handshake.readHello(Unpooled.wrappedBuffer(readFrame())).serverNonce();
      ByteBuf auth = Handshake.auth(ByteBufAllocator.DEFAULT, key, serverNonce, clientNonce);
      auth.readBytes(out, auth.readableBytes());
      auth.release();
      out.flush();
      Handshake.readWelcome(Unpooled.wrappedBuffer(readFrame()), key, clientNonce, serverNonce);
    }

    /** Queues a request, written at the next flush. */
    void send(long objectId, Op op, Object... args) throws IOException {
      write(new Message.Request(++ids, objectId, op, new ArrayList<>(Arrays.asList(args))));
    }

    /**
     * Sends a request and returns its answer's value; only for a connection with nothing parked.
     */
    Object call(long objectId, Op op, Object... args) throws IOException {
      send(objectId, op, args);
      flush();
      Message answer = read();
      if (!(answer instanceof Message.Reply reply)) {
        throw new IllegalStateException(op + " failed: " + answer);
      }
      return reply.value();
    }

    /** Cancels every request this connection sent. */
    void cancelAll() throws IOException {
      for (long id = 1; id <= ids; id++) {
        write(new Message.Cancel(id));
      }
      flush();
    }

    private void write(Message message) throws IOException {
      int length = MessageCodec.frame(kryo, output, message);
      out.write(output.getBuffer(), 0, length);
    }

    /** Writes every queued request. */
    void flush() throws IOException {
      out.flush();
    }

    /** Reads the next answer. */
    Message read() throws IOException {
      byte[] body = readFrame();
      return MessageCodec.decode(kryo, new Input(), body, 0, body.length);
    }

    private byte[] readFrame() throws IOException {
      byte[] body = new byte[in.readInt()];
      in.readFully(body);
      return body;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
