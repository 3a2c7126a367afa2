package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedPipe;
import java.io.EOFException;
import java.util.Collections;

/**
 * Twin of seed 003's Pipe program: the child reads until the end of the stream, which comes only
 * once every process has closed the sending end, so each closes the end it does not use.
 *
 * <pre>
 * def func(conn1,conn2):
 *     conn2.close()
 *     while True:
 *         try :
 *             msg = conn1.recv()
 *             print(msg)
 *         except EOFError:
 *             conn1.close()
 *             break
 *
 * conn1, conn2 = Pipe()
 * Process(target=func,args = (conn1,conn2)).start()
 * conn1.close()
 * for i in range(20):
 *     conn2.send('吃了么')
 * conn2.close()
 * </pre>
 *
 * <p>Python's {@code Pipe()} needs no manager; jmanager's pipes live on a server, so the twin
 * starts a private one, and names the pipe. Python's program ends without joining, and its exit
 * waits for the child; here the child uses the manager, so the twin joins it before closing it. The
 * message is {@code "have you eaten?"}. Checked: the child printed it twenty times and then, at the
 * end of the stream, returned: it exited with 0.
 */
public final class PipeGreetings {
  private static final String MESSAGE = "have you eaten?";

  private PipeGreetings() {}

  /** Python's {@code func}. */
  static void func(SharedPipe.Connection<String> conn1, SharedPipe.Connection<String> conn2)
      throws InterruptedException {
    conn2.close();
    while (true) {
      try {
        String msg = conn1.recv();
        System.out.println(msg);
      } catch (EOFException e) {
        conn1.close();
        break;
      }
    }
  }

  /** Starts the reader, sends twenty messages, closes both ends and checks what the child read. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start();
        Transcript out = new Transcript()) {
      SharedPipe<String> pipe = m.pipe("pipe");
      SharedPipe.Connection<String> conn1 = pipe.first();
      SharedPipe.Connection<String> conn2 = pipe.second();
      JvmProcess child =
          m.process(PipeGreetings::func, conn1, conn2).redirectOutput(out.file()).start();
      conn1.close();
      for (int i = 0; i < 20; i++) {
        conn2.send(MESSAGE);
      }
      conn2.close();
      child.join();
      Check.that(
          Collections.frequency(out.show(), MESSAGE) == 20,
          "the child printed the message twenty times");
      Check.exitedCleanly(child);
    }
    Check.exit();
  }
}
