package io.jmanager.examples;

import io.jmanager.client.JvmProcess;
import io.jmanager.client.Manager;
import io.jmanager.client.SharedPipe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Twin of seed 004's Pipe program, a child sending one list through a pipe to its parent:
 *
 * <pre>
 * def f(conn):
 *     conn.send([42, None, 'hello'])
 *     conn.close()
 *
 * parent_conn, child_conn = Pipe()
 * p = Process(target=f, args=(child_conn,))
 * p.start()
 * print(parent_conn.recv())    # prints "[42, None, 'hello']"
 * p.join()
 * </pre>
 *
 * <p>Python's {@code Pipe()} needs no manager; jmanager's pipes live on a server, so the twin
 * starts a private one, and names the pipe. Checked: the parent received {@code [42, null, hello]}.
 */
public final class PipeHello {
  private PipeHello() {}

  /** Python's {@code f}. */
  static void f(SharedPipe.Connection<List<Object>> conn) {
    conn.send(new ArrayList<>(Arrays.asList(42, null, "hello")));
    conn.close();
  }

  /** Starts the child, prints what it sent and checks it. */
  public static void main(String[] args) throws Exception {
    try (Manager m = Manager.start()) {
      SharedPipe<List<Object>> pipe = m.pipe("pipe");
      SharedPipe.Connection<List<Object>> parentConn = pipe.first();
      SharedPipe.Connection<List<Object>> childConn = pipe.second();
      JvmProcess p = m.process(PipeHello::f, childConn).start();
      List<Object> got = parentConn.recv();
      System.out.println(got);
      p.join();
      Check.that(
          got.equals(Arrays.asList(42, null, "hello")), "the parent received [42, null, hello]");
      Check.exitedCleanly(p);
    }
    Check.exit();
  }
}
