package io.jmanager.server;

import io.jmanager.protocol.Message;
import io.jmanager.protocol.ObjectType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * A server's whole state (the registry, every session, every object with its data and its parked
 * calls) as a canonical byte stream: the durable mode's periodic snapshot, and the digest that
 * shows two replicas applied the same inputs to the same end. Canonical means that equal states
 * give equal bytes whatever the JVM, hash seeds or identity hashes: objects and sessions go in
 * order of their ids, parked calls in queue order, maps in their insertion order.
 *
 * <pre>
 * snapshot: magic "JMSS" (int32) | version (int32) | body | SHA-256 of all before it (32 bytes)
 * body:     last object id (int64) | last anonymous number (int64)
 *           | limits: memory budget (int64) | parked calls per session, overall (int32 each)
 *           | count | session ...         by id
 *           | count | object ...          by id
 *           | relations of each session, in the order of the sessions
 * session:  id (int64) | admin | open | keeps handoffs  (booleans: one byte each)
 * object:   type (int32, ordinal) | id (int64) | name | parameter (int32) | interface (nullable
 *           string) | bytes counted (int64) | the type's own state (its writeState)
 * relations: count | id of an object it holds something of ... | count | id of an object it owns ...
 *           | count | handoff ...                         in the order the answers were sent
 *           | count | kept answer ...                     in the order they were sent
 * handoff:  request id (int64) | whether its object is still there | object id (int64) | the
 *           object's handoff state (what it puts back)
 * kept answer: a Reply or Failure as a frame body of the protocol's Kryo (length, bytes)
 * </pre>
 *
 * Integers are big-endian; a count precedes every list; a string is its UTF-8 bytes, a value its
 * bytes, each after its length; a nullable field starts with a presence boolean. A queue of parked
 * calls is a count, then each call: its session (int64) | its request as a frame body of the
 * protocol's Kryo (length, bytes) | its time (int64) | its deadline (int64) | whether its session
 * finds it by its request id | its type's payload.
 *
 * <p>A state is written while no input is applied to it (on the durable mode's applying thread), or
 * the snapshot is no consistent cut. It is read back with no connection: its sessions' answers go
 * where {@link Attachments} says, and no deadline is timed until the mode that restores it arms
 * them ({@link ManagerState#forEachWaiter}, {@link Waiters.Waiter#arm}).
 */
final class Snapshot {
  /** "JMSS". */
  static final int MAGIC = 0x4A4D5353;

  /** The format written; a reader refuses any other. */
  static final int VERSION = 2;

  private static final int CHECKSUM_BYTES = 32;

  private Snapshot() {}

  /**
   * What a restored state's sessions are given: where each one's answers go, what times their
   * parked calls' deadlines, and what stops the server when an admin asks.
   */
  record Attachments(
      LongFunction<Session.Output> outputs, Session.Timers timers, Runnable shutdown) {
    /** No connection, no timer, no shutdown: answers go nowhere until the mode attaches them. */
    static final Attachments DETACHED =
        new Attachments(id -> Session.Output.NOWHERE, Session.Timers.NONE, () -> {});
  }

  /** Writes {@code state} to {@code out}. */
  static void write(ManagerState state, DataOutputStream out) throws IOException {
    writeChecked(state, out);
  }

  /** The SHA-256 of {@code state}'s snapshot, its checksum: equal states have equal digests. */
  static byte[] digest(ManagerState state) {
    try {
      return writeChecked(state, OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new IllegalStateException("a state cannot be written into a snapshot: " + e, e);
    }
  }

  private static byte[] writeChecked(ManagerState state, OutputStream target) throws IOException {
    MessageDigest sha = sha256();
    DataOutputStream out = new DataOutputStream(new DigestOutputStream(target, sha));
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    writeBody(state, new SnapshotWriter(out));
    out.flush();
    byte[] checksum = sha.digest();
    target.write(checksum);
    target.flush();
    return checksum;
  }

  private static void writeBody(ManagerState state, SnapshotWriter out) throws IOException {
    Registry registry = state.registry();
    out.writeLong(registry.lastId());
    out.writeLong(registry.lastAnonymous());
    ManagerState.Limits limits = state.limits();
    out.writeLong(limits.maxMemoryBytes());
    out.writeInt(limits.parkedPerSession());
    out.writeInt(limits.parkedOverall());
    List<Session> sessions = state.sessions();
    out.writeInt(sessions.size());
    for (Session session : sessions) {
      out.writeLong(session.id());
      out.writeBoolean(session.isAdmin());
      out.writeBoolean(session.isOpen());
      out.writeBoolean(session.keepsHandoffs());
    }
    List<SharedObject> objects = registry.objectsById();
    out.writeInt(objects.size());
    for (SharedObject object : objects) {
      writeObject(object, out);
    }
    for (Session session : sessions) {
      writeIds(session.held(), out);
      writeIds(session.owned(), out);
      writeHandoffs(session, registry, out);
      writeKept(session, out);
    }
  }

  /**
   * What each answer not known delivered handed out; one whose object was deleted since puts back
   * nothing anyone can see, so it is written as gone.
   */
  private static void writeHandoffs(Session session, Registry registry, SnapshotWriter out)
      throws IOException {
    Map<Long, Handoff> handoffs = session.handoffs();
    out.writeInt(handoffs.size());
    for (Map.Entry<Long, Handoff> entry : handoffs.entrySet()) {
      SharedObject object = entry.getValue().object();
      boolean there = object != null && registry.get(object.id()) == object;
      out.writeLong(entry.getKey());
      out.writeBoolean(there);
      if (there) {
        synchronized (object) {
          out.writeLong(object.id());
          entry.getValue().writeState(out);
        }
      }
    }
  }

  /** The answers a durable session keeps until its client acknowledges them, in the order sent. */
  private static void writeKept(Session session, SnapshotWriter out) throws IOException {
    List<Message> kept = session.kept();
    out.writeInt(kept.size());
    for (Message answer : kept) {
      out.writeMessage(answer);
    }
  }

  private static void writeObject(SharedObject object, SnapshotWriter out) throws IOException {
    synchronized (object) {
      out.writeInt(object.type().ordinal());
      out.writeLong(object.id());
      out.writeString(object.name());
      out.writeInt(object.parameter());
      out.writeNullableString(object instanceof UserObject user ? user.interfaceName() : null);
      out.writeLong(object.heldBytes());
      object.writeState(out);
    }
  }

  private static void writeIds(Iterable<SharedObject> objects, SnapshotWriter out)
      throws IOException {
    List<SharedObject> all = new ArrayList<>();
    objects.forEach(all::add);
    out.writeInt(all.size());
    for (SharedObject object : all) {
      out.writeLong(object.id());
    }
  }

  /**
   * Reads a state back from a snapshot, with {@code config}'s budgets, limits and user types.
   *
   * @throws SnapshotFormatException when the snapshot is truncated, corrupted or of another format,
   *     naming what was being read; no state is returned then
   */
  static ManagerState read(DataInputStream source, ServerConfig config, Attachments attachments)
      throws IOException {
    MessageDigest sha = sha256();
    WaiterLimits limits = new WaiterLimits(config);
    SnapshotReader in =
        new SnapshotReader(new DataInputStream(new DigestInputStream(source, sha)), limits);
    ManagerState state;
    try {
      checkHeader(in);
      state = readBody(in, new Registry(config), limits, attachments);
    } catch (RuntimeException e) {
      throw new SnapshotFormatException(
          "the snapshot cannot be read: " + e.getMessage() + ", in " + in.context(), e);
    }
    byte[] checksum = source.readNBytes(CHECKSUM_BYTES);
    in.context("the snapshot's end");
    if (checksum.length < CHECKSUM_BYTES) {
      throw in.ended("the checksum");
    }
    if (!MessageDigest.isEqual(checksum, sha.digest())) {
      throw in.corrupted("the checksum does not match the bytes");
    }
    return state;
  }

  private static void checkHeader(SnapshotReader in) throws IOException {
    int magic = in.readInt("the magic number");
    if (magic != MAGIC) {
      throw new SnapshotFormatException("not a jmanager snapshot: it starts with " + magic);
    }
    int version = in.readInt("the format version");
    if (version != VERSION) {
      throw new SnapshotFormatException(
          "a snapshot of format " + version + "; this server reads format " + VERSION);
    }
  }

  private static ManagerState readBody(
      SnapshotReader in, Registry registry, WaiterLimits limits, Attachments attachments)
      throws IOException {
    in.context("the registry");
    registry.restoreCounters(in.readLong("the last object id"), in.readLong("the last number"));
    ManagerState.Limits refusing =
        new ManagerState.Limits(
            in.readLong("the memory budget"),
            in.readInt("the parked calls per session"),
            in.readInt("the parked calls overall"));
    ManagerOps managerOps = new ManagerOps(registry, attachments.shutdown());
    List<Session> sessions = readSessions(in, limits, attachments);
    sessions.forEach(managerOps::opened);
    int count = in.readCount("the objects");
    long lastId = 0;
    for (int i = 0; i < count; i++) {
      lastId = readObject(in, registry, lastId);
    }
    for (Session session : sessions) {
      in.context(session.toString());
      readRelations(in, registry, session);
    }
    ManagerState state = new ManagerState(registry, managerOps, limits);
    state.limits(refusing);
    return state;
  }

  private static List<Session> readSessions(
      SnapshotReader in, WaiterLimits limits, Attachments attachments) throws IOException {
    in.context("the sessions");
    int count = in.readCount("the sessions");
    List<Session> sessions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long id = in.readLong("a session's id");
      boolean admin = in.readBoolean("a session's admin flag");
      boolean open = in.readBoolean("a session's open flag");
      boolean keepsHandoffs = in.readBoolean("a session's handoff flag");
      Session session =
          new Session(
              id,
              attachments.outputs().apply(id),
              attachments.timers(),
              limits,
              admin,
              keepsHandoffs);
      if (!open) {
        session.close();
      }
      in.known(session);
      sessions.add(session);
    }
    return sessions;
  }

  /** Reads one object and shares it; returns its id, which must follow {@code previousId}. */
  private static long readObject(SnapshotReader in, Registry registry, long previousId)
      throws IOException {
    in.context("object " + (previousId + 1) + " or later");
    ObjectType type = in.readEnum(ObjectType.values(), "an object's type");
    long id = in.readLong("an object's id");
    if (id <= previousId || id > registry.lastId()) {
      throw in.corrupted("object id " + id + " is out of order");
    }
    String name = in.readString("an object's name");
    int parameter = in.readInt("an object's parameter");
    String iface = in.readNullableString("an object's interface");
    long bytes = in.readLong("an object's counted bytes");
    SharedObject object = registry.restore(id, name, type, parameter, iface);
    in.context(object + " (id " + id + ")");
    object.readState(in);
    registry.restored(object, bytes);
    return id;
  }

  private static void readRelations(SnapshotReader in, Registry registry, Session session)
      throws IOException {
    for (SharedObject object : readObjects(in, registry, "the objects it holds")) {
      session.holds(object);
    }
    for (SharedObject object : readObjects(in, registry, "the objects it owns")) {
      session.owns(object);
    }
    int count = in.readCount("its handoffs");
    if (count > 0 && !session.keepsHandoffs()) {
      throw in.corrupted("a session that keeps no handoffs has " + count);
    }
    for (int i = 0; i < count; i++) {
      long requestId = in.readLong("a handoff's request id");
      session.restoreHandoff(requestId, readHandoff(in, registry, session));
    }
    int kept = in.readCount("its kept answers");
    if (kept > 0 && !session.keepsHandoffs()) {
      throw in.corrupted("a session that keeps no answers has " + kept);
    }
    for (int i = 0; i < kept; i++) {
      Message answer = in.readMessage("a kept answer");
      if (!(answer instanceof Message.Reply) && !(answer instanceof Message.Failure)) {
        throw in.corrupted("a kept answer is a " + answer.getClass().getSimpleName());
      }
      session.restoreKept(answer);
    }
  }

  private static Handoff readHandoff(SnapshotReader in, Registry registry, Session session)
      throws IOException {
    if (!in.readBoolean("whether a handoff's object is there")) {
      return GONE;
    }
    long id = in.readLong("a handoff's object");
    SharedObject object = registry.get(id);
    if (object == null) {
      throw in.corrupted("a handoff names object " + id + ", which the snapshot does not have");
    }
    return object.readHandoff(in, session);
  }

  /** A handoff whose object was deleted: putting back into it changes nothing anyone sees. */
  private static final Handoff GONE =
      new Handoff() {
        @Override
        public void undo() {}

        @Override
        public SharedObject object() {
          return null;
        }

        @Override
        public void writeState(SnapshotWriter out) {}
      };

  private static List<SharedObject> readObjects(SnapshotReader in, Registry registry, String what)
      throws IOException {
    int count = in.readCount(what);
    List<SharedObject> objects = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long id = in.readLong(what);
      SharedObject object = registry.get(id);
      if (object == null) {
        throw in.corrupted(what + " include object " + id + ", which the snapshot does not have");
      }
      objects.add(object);
    }
    return objects;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
