package io.jmanager.benchmarks;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.QueueOp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
      List<RawConnection> clients = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        clients.add(new RawConnection(daemon.port(), new byte[0]));
      }
      RawConnection first = clients.get(0);
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
      for (RawConnection client : clients) {
        client.close();
      }
    }
  }

  /** Parks {@code takes} takes from each client and waits until the server has them all. */
  private static int park(List<RawConnection> clients, long queue, int takes) throws IOException {
    for (RawConnection client : clients) {
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
  private static double cancelAll(RawConnection client, int takes) throws IOException {
    long start = System.nanoTime();
    client.cancelAll();
    client.flush();
    for (int i = 0; i < takes; i++) {
      Message answer = client.read();
      if (!(answer instanceof Message.Failure failure) || failure.code() != ErrorCode.CANCELLED) {
        throw new IllegalStateException("expected CANCELLED, got " + answer);
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
