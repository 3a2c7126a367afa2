package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedPipe;
import java.io.EOFException;
import java.util.List;
import java.util.Map;

/**
 * The Python seed's pipe: the parent sends twenty greetings into one end and closes it; a child JVM
 * receives from the other end until the end of the stream (Python's EOFError), then stops.
 */
public final class PipeGreetings {
  private static final String PIPE = "greetings";
  private static final String COUNT = "greetings-received";
  private static final int GREETINGS = 20;

  private PipeGreetings() {}

  /** Runs the parent: starts the receiver, sends, closes its end, and checks the count. */
  public static void main(String[] args) throws InterruptedException {
    try (Manager manager = Manager.fromEnvironment()) {
      manager.delete(PIPE);
      manager.delete(COUNT);
      SharedPipe<String> pipe = manager.pipe(PIPE);
      JvmProcess receiver = Children.spawn(manager, Receiver.class);
      try (SharedPipe.Connection<String> end = pipe.second()) {
        for (int i = 0; i < GREETINGS; i++) {
          end.send("have you eaten? (" + i + ")");
        }
      }
      boolean exited = Children.joinAll(List.of(receiver));
      int received = manager.<String, Integer>dict(COUNT).getOrDefault("count", 0);
      System.out.println("the child received " + received + " of " + GREETINGS + ", then EOF");
      System.exit(exited && received == GREETINGS ? 0 : 1);
    }
  }

  /** The child: prints everything until the end of the stream, then records how much came. */
  static final class Receiver {
    public static void main(String[] args) throws InterruptedException {
      try (Manager manager = Manager.fromEnvironment();
          SharedPipe.Connection<String> end = manager.<String>pipe(PIPE).first()) {
        int count = 0;
        while (true) {
          try {
            System.out.println("received: " + end.recv());
            count++;
          } catch (EOFException closed) {
            System.out.println("EOF: the other end is closed");
            break;
          }
        }
        Map<String, Integer> result = manager.dict(COUNT);
        result.put("count", count);
      }
    }
  }
}
