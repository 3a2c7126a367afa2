package io.jmanager.server;

import io.jmanager.protocol.DictOp;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.ListOp;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.ObjectType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every shared object of a server, by name and by id, and the manager ops that create, list and
 * delete them, or free a lock whatever its holder. Thread-safe: requests from every event loop look
 * objects up here concurrently.
 */
final class Registry {
  /** Longest object name accepted, in characters. */
  static final int MAX_NAME_LENGTH = 256;

  private final Map<String, SharedObject> byName = new ConcurrentHashMap<>();
  private final Map<Long, SharedObject> byId = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong anonymous = new AtomicLong();
  private final Plugins plugins;
  private final MemoryBudget memory;

  Registry(ServerConfig config) {
    this.plugins = new Plugins(config);
    this.memory = new MemoryBudget(config.maxMemoryBytes());
  }

  /** The budget every object's data counts against. */
  MemoryBudget memory() {
    return memory;
  }

  /** Returns the object with this id, or null when there is none (any more). */
  SharedObject get(long id) {
    return byId.get(id);
  }

  /** Answers {@link ManagerOp#OPEN}: finds or creates the object. */
  void open(Call call) {
    call.reply(open(call, call.string(0), call.arg(1, ObjectType.class), call.intArg(2)));
  }

  /**
   * Answers {@link ManagerOp#OPEN_WITH}: finds the object, or creates it holding the contents
   * given, all or nothing; says whether it created it.
   */
  void openWith(Call call) {
    String name = call.string(0);
    ObjectType type = call.arg(1, ObjectType.class);
    int parameter = call.intArg(2);
    List<byte[]> contents = contents(call, 3, type);
    checkName(name);
    checkParameter(type, parameter);
    boolean[] created = {false};
    SharedObject object =
        byName.computeIfAbsent(
            name,
            n -> {
              created[0] = true;
              return create(call, n, type, parameter, contents);
            });
    checkOpened(object, type, parameter, null);
    call.reply(new ArrayList<>(List.of(object.id(), object.parameter(), created[0])));
  }

  /**
   * Answers {@link ManagerOp#CREATE}: a new object, with any contents given, under a name no object
   * has, owned by the calling session, which deletes it when it ends.
   */
  void create(Call call) {
    ObjectType type = call.arg(0, ObjectType.class);
    int parameter = call.intArg(1);
    List<byte[]> contents =
        call.nullable(2, ArrayList.class) == null ? null : contents(call, 2, type);
    if (type == ObjectType.OBJECT) {
      throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "a " + type + " cannot be anonymous");
    }
    checkParameter(type, parameter);
    SharedObject object = null;
    while (object == null) {
      String name =
          "anonymous-" + type.name().toLowerCase(Locale.ROOT) + "-" + anonymous.incrementAndGet();
      boolean[] created = {false};
      SharedObject found =
          byName.computeIfAbsent(
              name,
              n -> {
                created[0] = true;
                return create(call, n, type, parameter, contents);
              });
      object = created[0] ? found : null;
    }
    call.session().owns(object);
    call.reply(new ArrayList<>(List.of(object.id(), object.parameter(), object.name())));
  }

  /** Deletes the objects a closed session created anonymously. */
  void deleteOwned(Session session) {
    for (SharedObject object : session.owned()) {
      if (byName.remove(object.name(), object)) {
        byId.remove(object.id());
        object.delete("'" + object.name() + "' was deleted when its creator's connection closed");
      }
    }
  }

  /** Argument {@code index}: the initial contents of a dict (key, value pairs) or list. */
  private static List<byte[]> contents(Call call, int index, ObjectType type) {
    List<byte[]> contents = call.byteList(index);
    if (type != ObjectType.DICT && type != ObjectType.LIST) {
      throw new OpException(
          ErrorCode.ILLEGAL_ARGUMENT, "only a dict or a list is created with contents");
    }
    if (type == ObjectType.DICT && contents.size() % 2 != 0) {
      throw new OpException(ErrorCode.ILLEGAL_ARGUMENT, "a dict's contents are key, value pairs");
    }
    return contents;
  }

  /** Fails every parked call of every object; used when the server shuts down. */
  void closeAll(ErrorCode code, String message) {
    for (SharedObject object : byId.values()) {
      object.close(code, message);
    }
  }

  private ArrayList<Object> open(Call call, String name, ObjectType type, int parameter) {
    checkName(name);
    String iface = type == ObjectType.OBJECT ? call.string(3) : null;
    checkParameter(type, parameter);
    SharedObject object = byName.computeIfAbsent(name, n -> create(n, type, parameter, iface));
    checkOpened(object, type, parameter, iface);
    return new ArrayList<>(List.of(object.id(), object.parameter()));
  }

  private static void checkParameter(ObjectType type, int parameter) {
    if (parameter < -1 || (parameter != -1 && !type.parameterized())) {
      throw new OpException(
          ErrorCode.ILLEGAL_ARGUMENT, "bad parameter " + parameter + " for " + type);
    }
    if (type == ObjectType.ARRAY && parameter > ArrayObject.MAX_LENGTH) {
      throw new OpException(
          ErrorCode.ILLEGAL_ARGUMENT,
          "an array holds at most " + ArrayObject.MAX_LENGTH + " elements, not " + parameter);
    }
  }

  /** Checks that the object found under a name is what the caller asked for. */
  private static void checkOpened(
      SharedObject object, ObjectType type, int parameter, String iface) {
    String name = object.name();
    if (object.type() != type) {
      throw new OpException(
          ErrorCode.WRONG_TYPE, "'" + name + "' is a " + object.type() + ", not a " + type);
    }
    if (object instanceof UserObject user && !user.interfaceName().equals(iface)) {
      throw new OpException(
          ErrorCode.WRONG_TYPE, "'" + name + "' is a " + user.interfaceName() + ", not a " + iface);
    }
    if (parameter != -1 && object.parameter() != parameter) {
      throw new OpException(
          ErrorCode.ILLEGAL_STATE,
          object
              + " exists with "
              + type.parameterName()
              + " "
              + object.parameter()
              + ", not "
              + parameter);
    }
  }

  /**
   * Creates a new object holding {@code contents} (or nothing, when null) and counts it; the
   * contents are added by the type's own bulk op, so they count as that op's, and a failure leaves
   * nothing created or counted.
   */
  private SharedObject create(
      Call call, String name, ObjectType type, int capacity, List<byte[]> contents) {
    SharedObject object = create(name, type, capacity, null);
    if (contents == null || contents.isEmpty()) {
      return object;
    }
    try {
      object.apply(
          Call.internal(
              call.session(),
              object,
              type == ObjectType.DICT ? DictOp.PUT_ALL : ListOp.ADD_ALL,
              new ArrayList<Object>(contents)));
      return object;
    } catch (RuntimeException | OutOfMemoryError e) {
      byId.remove(object.id());
      object.delete("'" + name + "' could not be created");
      throw e;
    }
  }

  /**
   * Creates and counts a new object: one line per type, in a switch the compiler holds exhaustive,
   * so a type added to {@link ObjectType} without its server class does not build.
   */
  private SharedObject create(String name, ObjectType type, int capacity, String iface) {
    SharedObject object = newObject(ids.incrementAndGet(), name, type, capacity, iface);
    object.countIn(
        memory, SharedObject.OBJECT_BYTES + MemoryBudget.of(name) + object.storageBytes());
    byId.put(object.id(), object);
    return object;
  }

  private SharedObject newObject(
      long id, String name, ObjectType type, int capacity, String iface) {
    return switch (type) {
      case DICT -> new DictObject(id, name);
      case LIST -> new ListObject(id, name);
      case QUEUE -> new QueueObject(id, name, Math.max(capacity, 0), false);
      case JOINABLE_QUEUE -> new QueueObject(id, name, Math.max(capacity, 0), true);
      case LOCK -> new LockObject(id, name, false);
      case RLOCK -> new LockObject(id, name, true);
      case SEMAPHORE -> new SemaphoreObject(id, name, Math.max(capacity, 0), false);
      case BOUNDED_SEMAPHORE -> new SemaphoreObject(id, name, Math.max(capacity, 0), true);
      case EVENT -> new EventObject(id, name);
      case BARRIER -> new BarrierObject(id, name, Math.max(capacity, 1));
      case VALUE -> new ValueObject(id, name);
      case NAMESPACE -> new NamespaceObject(id, name);
      case PIPE -> new PipeObject(id, name, capacity != 1);
      case ARRAY -> new ArrayObject(id, name, Math.max(capacity, 0));
      case OBJECT -> plugins.create(id, name, iface);
      case POOL -> new PoolObject(id, name);
    };
  }

  /**
   * A new, empty object of a snapshot, under its id, not yet shared: its state is read next, then
   * {@link #restored} shares it.
   */
  SharedObject restore(long id, String name, ObjectType type, int parameter, String iface) {
    checkName(name);
    // a type without a parameter reports 0
    checkParameter(type, type.parameterized() ? parameter : parameter - 1);
    return newObject(id, name, type, parameter, iface);
  }

  /** Shares an object read from a snapshot, counted with the {@code bytes} it held. */
  void restored(SharedObject object, long bytes) {
    object.restoreCount(memory, bytes);
    byId.put(object.id(), object);
    byName.put(object.name(), object);
  }

  /** Sets the counters of ids and anonymous names where a snapshot's registry left them. */
  void restoreCounters(long lastId, long lastAnonymous) {
    ids.set(lastId);
    anonymous.set(lastAnonymous);
  }

  /** The id the latest object got. */
  long lastId() {
    return ids.get();
  }

  /** The number the latest anonymous name got. */
  long lastAnonymous() {
    return anonymous.get();
  }

  /** Every object, in order of their ids. */
  List<SharedObject> objectsById() {
    return byId.values().stream().sorted(Comparator.comparingLong(SharedObject::id)).toList();
  }

  /** Every object's name and type, sorted by name, for {@link ManagerOp#NAMES}. */
  ArrayList<Object> names() {
    Map<String, ObjectType> sorted = new TreeMap<>();
    byName.forEach((name, object) -> sorted.put(name, object.type()));
    ArrayList<Object> pairs = new ArrayList<>(sorted.size() * 2);
    sorted.forEach(
        (name, type) -> {
          pairs.add(name);
          pairs.add(type);
        });
    return pairs;
  }

  /** Deletes the named object, failing its parked calls; returns whether it existed. */
  boolean delete(String name) {
    checkName(name);
    SharedObject object = byName.remove(name);
    if (object == null) {
      return false;
    }
    byId.remove(object.id());
    object.delete("'" + name + "' was deleted");
    return true;
  }

  /**
   * Frees the named lock whatever its holder and hold count, handing it to the next waiter; returns
   * the id of the session that held it, or -1 when it was free.
   */
  long releaseLock(String name) {
    checkName(name);
    SharedObject object = byName.get(name);
    if (object == null) {
      throw new OpException(ErrorCode.NO_SUCH_OBJECT, "no object is named '" + name + "'");
    }
    if (!(object instanceof LockObject lock)) {
      throw new OpException(
          ErrorCode.WRONG_TYPE, "'" + name + "' is a " + object.type() + ", not a lock");
    }
    return lock.forceRelease();
  }

  private static void checkName(String name) {
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new OpException(
          ErrorCode.ILLEGAL_ARGUMENT,
          "an object name must have 1 to " + MAX_NAME_LENGTH + " characters");
    }
  }
}
