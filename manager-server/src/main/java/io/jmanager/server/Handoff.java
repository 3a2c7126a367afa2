package io.jmanager.server;

import java.io.IOException;

/**
 * What one answer handed out of an object to its caller (a queue's items, a lock's grant, a pipe's
 * message, a pool's task), kept as data: if the answer is never delivered, {@link #undo} puts it
 * back. In memory the connection keeps it until the answer is written; in the durable mode the
 * session keeps it until the answer's delivery is applied, so a snapshot holds it too.
 */
interface Handoff {
  /** The object it came out of. */
  SharedObject object();

  /** Puts back what was handed out; takes the object's lock. */
  void undo();

  /**
   * Writes what it puts back into a snapshot, for its object's {@link SharedObject#readHandoff};
   * its session and object are written apart. Called with the object's lock held.
   */
  void writeState(SnapshotWriter out) throws IOException;
}
