package io.jmanager.client;

import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.ValueKryo;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A connection to a jmanager server and the factory of proxies for its shared objects, like
 * Python's {@code SyncManager}. Objects are found or created by name, so every JVM that asks for
 * {@code dict("stock")} shares one dict. Objects made without a name ({@code dict()}, {@code
 * queue()}, ...) belong to this manager: the server deletes them when it closes. {@link #start()}
 * runs a server of this program's own. Thread-safe: all threads share one pipelined connection.
 *
 * <pre>{@code
 * try (Manager m = Manager.connect("127.0.0.1", 50000, authkey)) {
 *   ConcurrentMap<String, Integer> stock = m.dict("stock");
 *   stock.merge("apples", 1, Integer::sum); // atomic across JVMs
 * }
 * }</pre>
 *
 * <h2>Errors</h2>
 *
 * <p>Connecting throws {@link AuthenticationException} when the key is wrong (or, with TLS, the TLS
 * handshake fails), {@link ServerBusyException} when the server's connection limits are reached,
 * and {@link ManagerException} when the server cannot be reached or ends the handshake; given
 * several addresses, it throws once none let it in within the connect timeout (see {@link
 * #connect(String, byte[])}). Each method that opens a shared object is one call to the server: it
 * throws {@link WrongTypeException} when the name holds another type of object, {@link
 * IllegalStateException} when the object exists with another bound, count or length than the one
 * asked for, {@link IllegalArgumentException} for a bad parameter or a name that is empty or longer
 * than 256 characters, {@link NullPointerException} for a null name, {@link MemoryLimitException}
 * when a new object would pass the server's memory budget, and, as every call, {@link
 * ManagerException} when the connection is lost and {@link ManagerTimeoutException} when the server
 * does not answer within the call timeout. {@link #delete} throws {@link ForbiddenException} with
 * the data key of a daemon that has an admin key. {@link #close()} throws nothing. The objects' own
 * methods list their errors in their interfaces.
 */
public final class Manager implements AutoCloseable {
  /**
   * Environment variable holding the server's address, {@code host:port}, or a cluster's as a
   * comma-separated list ({@code h1:50000,h2:50000}, IPv6 as {@code [::1]:50000}); set by {@link
   * JvmProcess} to its manager's {@link #address()}.
   */
  public static final String ADDRESS_ENV = "JMANAGER_ADDRESS";

  /** Environment variable holding the authkey in Base64, set by {@link JvmProcess}. */
  public static final String AUTHKEY_BASE64_ENV = "JMANAGER_AUTHKEY_BASE64";

  /** Environment variable holding the authkey as UTF-8 text, as the daemon also reads it. */
  public static final String AUTHKEY_ENV = "JMANAGER_AUTHKEY";

  /**
   * Environment variable naming a file that holds the authkey (one trailing newline ignored), as
   * the daemon also reads it; a Docker secret such as {@code /run/secrets/jmanager_authkey}.
   */
  public static final String AUTHKEY_FILE_ENV = "JMANAGER_AUTHKEY_FILE";

  /**
   * Environment variable listing value classes to register, as {@code name[=id],...}; {@link
   * JvmProcess} passes this manager's registrations to its children through it.
   */
  public static final String VALUE_CLASSES_ENV = "JMANAGER_VALUE_CLASSES";

  /**
   * Environment variable that turns TLS on when {@code true}, trusting the JVM's default trust
   * store unless {@link #TLS_CA_ENV} names a file; see {@link Builder#tls()}.
   */
  public static final String TLS_ENV = "JMANAGER_TLS";

  /**
   * Environment variable naming a PEM file of the CAs to trust; turns TLS on. See {@link
   * Builder#tls(Path)}.
   */
  public static final String TLS_CA_ENV = "JMANAGER_TLS_CA";

  /**
   * Environment variable naming the PEM file of this client's certificate chain, for mutual TLS;
   * see {@link Builder#tlsClientCertificate}.
   */
  public static final String TLS_CERT_ENV = "JMANAGER_TLS_CERT";

  /** Environment variable naming the PEM file of the client certificate's private key. */
  public static final String TLS_KEY_ENV = "JMANAGER_TLS_KEY";

  /**
   * Environment variable of the TCP keepalive idle time in seconds, as the daemon also reads it;
   * see {@link Builder#keepalive}.
   */
  public static final String KEEPALIVE_IDLE_ENV = "JMANAGER_KEEPALIVE_IDLE_SECONDS";

  /** Environment variable of the time between TCP keepalive probes in seconds. */
  public static final String KEEPALIVE_INTERVAL_ENV = "JMANAGER_KEEPALIVE_INTERVAL_SECONDS";

  /** Environment variable of the unanswered TCP keepalive probes that drop the connection. */
  public static final String KEEPALIVE_COUNT_ENV = "JMANAGER_KEEPALIVE_COUNT";

  private final byte[] authkey;
  private final Map<Class<?>, Integer> classes;
  private final ClientTls tls;
  private final Keepalive keepalive;
  private final ValueCodec values;
  private final Connection connection;
  private final TaskCodec taskCodec;
  private final List<PoolProxy> pools = new CopyOnWriteArrayList<>();
  private final ExecutorService ownExecutor;
  private final PrivateServer server;

  private Manager(Builder builder, Addresses addresses, byte[] authkey, PrivateServer server) {
    this.authkey = authkey.clone();
    this.server = server;
    classes = Map.copyOf(builder.classes);
    tls = builder.tls ? new ClientTls(builder.tlsCa, builder.tlsCertificate, builder.tlsKey) : null;
    keepalive = builder.keepalive;
    ownExecutor = builder.asyncExecutor == null ? completionThreads() : null;
    values = new ValueCodec(classes);
    try {
      connection =
          new Connection(
              addresses,
              authkey,
              tls,
              keepalive,
              builder.connectTimeout,
              builder.callTimeout,
              builder.maxInFlight,
              ownExecutor != null ? ownExecutor : builder.asyncExecutor);
    } catch (RuntimeException | Error e) {
      if (ownExecutor != null) {
        ownExecutor.shutdown();
      }
      throw e;
    }
    taskCodec = new TaskCodec(classes, new ProxySerializer(this, connection));
  }

  /**
   * Connects and authenticates with default settings. Throws {@link AuthenticationException} when
   * the key is wrong and {@link ManagerException} when the server cannot be reached or refuses
   * plaintext clients.
   */
  public static Manager connect(String host, int port, byte[] authkey) {
    return builder().address(host, port).authkey(authkey).connect();
  }

  /**
   * Connects and authenticates with default settings to the first server of a list such as {@code
   * "h1:50000,h2:50000,h3:50000"} that lets this client in: the servers of a replicated cluster, in
   * the form {@code JMANAGER_ADDRESS} takes (see {@link Builder#addresses}). The addresses are
   * tried in order; one that refuses the connection, is busy, closes it during the handshake or
   * does not answer in time is passed over, and a server that is not the cluster's leader sends
   * this client to the leader it names. When every address has failed, the client waits (50 ms,
   * then 100 ms) and tries them again, until the connect timeout (10 s) has passed in total. A lone
   * address is tried once, unless it says it is a follower. Throws {@link IllegalArgumentException}
   * for a malformed list, {@link AuthenticationException} at once when the key is wrong, {@link
   * ManagerException} at once for a server of another version, and, when no server let it in,
   * {@link ManagerException} naming each address and its last failure ({@link ServerBusyException}
   * when each was busy).
   */
  public static Manager connect(String addresses, byte[] authkey) {
    return builder().addresses(addresses).authkey(authkey).connect();
  }

  /**
   * Connects to the server named by {@code JMANAGER_ADDRESS} with the key in {@code
   * JMANAGER_AUTHKEY_BASE64}, {@code JMANAGER_AUTHKEY} or the file {@code JMANAGER_AUTHKEY_FILE}
   * names, and TLS as {@code JMANAGER_TLS*} say, as a {@link JvmProcess} child does; see {@link
   * Builder#fromEnvironment()}.
   */
  public static Manager fromEnvironment() {
    return builder().fromEnvironment().connect();
  }

  /**
   * Starts a server owned by this program and connects to it, like Python's {@code with Manager()
   * as m:}: the server runs in a child JVM on a free loopback port with a random key, and {@link
   * #close()} stops it. Children and pool workers started with this manager reach it with nothing
   * to configure. See {@link Builder#start()} for the errors and for the dependency it needs.
   */
  public static Manager start() {
    return builder().start();
  }

  /** Returns a builder for timeouts, registered value classes and the address. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the shared dict of this name, creating it if absent. Throws {@link WrongTypeException}
   * when the name holds another type of object.
   */
  public <K, V> SharedDict<K, V> dict(String name) {
    return new DictProxy<>(remote(name, ObjectType.DICT));
  }

  /** Returns the shared list of this name, creating it if absent; see {@link #dict}. */
  public <E> SharedList<E> list(String name) {
    return new ListProxy<>(remote(name, ObjectType.LIST));
  }

  /**
   * Returns the shared queue of this name, whatever its bound, creating an unbounded one if absent;
   * see {@link #dict}.
   */
  public <E> SharedQueue<E> queue(String name) {
    Opened opened = open(name, ObjectType.QUEUE, -1);
    return new QueueProxy<>(opened.remote(), opened.capacity());
  }

  /**
   * Returns the shared queue of this name holding at most {@code maxsize} items (0: unbounded),
   * like Python's {@code Queue(maxsize)}, creating it if absent. Throws {@link
   * IllegalStateException} when it exists with another bound, {@link IllegalArgumentException} when
   * {@code maxsize} is negative.
   */
  public <E> SharedQueue<E> queue(String name, int maxsize) {
    return new QueueProxy<>(open(name, ObjectType.QUEUE, maxsize(maxsize)).remote(), maxsize);
  }

  /**
   * Returns the shared lock of this name, Python's {@code Lock}: not reentrant, releasable by
   * anyone, released at once if its holder's connection closes; see {@link SharedLock}.
   */
  public SharedLock lock(String name) {
    return new LockProxy(remote(name, ObjectType.LOCK));
  }

  /**
   * Returns the shared reentrant lock of this name, Python's {@code RLock}: held by one thread of
   * one client, which may acquire it again and alone may release it; see {@link SharedLock}.
   */
  public SharedLock rlock(String name) {
    return new LockProxy(remote(name, ObjectType.RLOCK));
  }

  /**
   * Returns the shared semaphore of this name, Python's {@code Semaphore(permits)}, creating it
   * with {@code permits} free permits if absent; see {@link SharedSemaphore}. Throws {@link
   * IllegalStateException} when it exists with another count, {@link IllegalArgumentException} when
   * {@code permits} is negative.
   */
  public SharedSemaphore semaphore(String name, int permits) {
    return semaphore(name, ObjectType.SEMAPHORE, permits);
  }

  /**
   * Returns the shared bounded semaphore of this name, Python's {@code BoundedSemaphore(permits)},
   * whose release above the initial count throws {@link IllegalStateException}; see {@link
   * #semaphore}.
   */
  public SharedSemaphore boundedSemaphore(String name, int permits) {
    return semaphore(name, ObjectType.BOUNDED_SEMAPHORE, permits);
  }

  private SharedSemaphore semaphore(String name, ObjectType type, int permits) {
    return new SemaphoreProxy(open(name, type, permits(permits)).remote(), permits);
  }

  /** Returns the shared event of this name, Python's {@code Event}; see {@link SharedEvent}. */
  public SharedEvent event(String name) {
    return new EventProxy(remote(name, ObjectType.EVENT));
  }

  /**
   * Returns the shared joinable queue of this name, whatever its bound, creating an unbounded one
   * if absent, Python's {@code JoinableQueue()}; see {@link SharedJoinableQueue}.
   */
  public <E> SharedJoinableQueue<E> joinableQueue(String name) {
    Opened opened = open(name, ObjectType.JOINABLE_QUEUE, -1);
    return new QueueProxy<>(opened.remote(), opened.capacity());
  }

  /**
   * Returns the shared joinable queue of this name holding at most {@code maxsize} items (0:
   * unbounded), Python's {@code JoinableQueue(maxsize)}; errors as {@link #queue(String, int)}.
   */
  public <E> SharedJoinableQueue<E> joinableQueue(String name, int maxsize) {
    Opened opened = open(name, ObjectType.JOINABLE_QUEUE, maxsize(maxsize));
    return new QueueProxy<>(opened.remote(), maxsize);
  }

  /**
   * Returns the shared barrier of this name for {@code parties} parties, Python's {@code
   * Barrier(parties)}; see {@link SharedBarrier}. Throws {@link IllegalStateException} when it
   * exists with another count, {@link IllegalArgumentException} when {@code parties} is below 1.
   */
  public SharedBarrier barrier(String name, int parties) {
    Opened opened = open(name, ObjectType.BARRIER, parties(parties));
    return new BarrierProxy(opened.remote(), parties, taskCodec);
  }

  /**
   * Returns the shared barrier of this name, Python's {@code Barrier(parties, action, timeout)}: as
   * {@link #barrier(String, int)}, and a barrier without them yet takes {@code action} and {@code
   * timeout} (either may be null; the first given stays, as with {@link #value}). The action is run
   * once per round, in the JVM of the last party to arrive, by that party's thread before its
   * {@code await} returns; unlike Python's and {@link java.util.concurrent.CyclicBarrier}'s, the
   * other parties are released meanwhile, not after it. An action that throws breaks the barrier
   * ({@link SharedBarrier#abort()}) and the exception comes out of that party's {@code await}. The
   * action must be a serializable lambda or a registered class, as a pool task; every JVM that may
   * arrive last needs its class. {@code timeout} is the default of {@link SharedBarrier#await()},
   * which then throws {@link java.util.concurrent.BrokenBarrierException} on timeout, as Python's
   * {@code wait()} raises {@code BrokenBarrierError}. Throws {@link IllegalArgumentException} for a
   * negative timeout; otherwise errors as {@link #barrier(String, int)}.
   */
  public SharedBarrier barrier(
      String name, int parties, SerializableRunnable action, Duration timeout) {
    return ((BarrierProxy) barrier(name, parties)).configure(action, timeout);
  }

  /**
   * Returns the shared value of this name, Python's {@code Value}, giving it {@code initial} if it
   * is new (a value another client gave it first is kept); see {@link SharedValue}.
   */
  public <T> SharedValue<T> value(String name, T initial) {
    return new ValueProxy<T>(remote(name, ObjectType.VALUE)).initialize(initial);
  }

  /** Returns the shared namespace of this name, Python's {@code Namespace}. */
  public SharedNamespace namespace(String name) {
    return new NamespaceProxy(remote(name, ObjectType.NAMESPACE));
  }

  /**
   * Returns the shared condition of this name bound to the shared rlock of the same name, like
   * Python's {@code Condition()}, which makes its own RLock; see {@link SharedCondition}.
   */
  public SharedCondition condition(String name) {
    return condition(name, rlock(name));
  }

  /**
   * Returns the shared condition of this name bound to {@code lock}, which must come from this
   * manager, like Python's {@code Condition(lock)}; see {@link SharedCondition}.
   */
  public SharedCondition condition(String name, SharedLock lock) {
    if (!(lock instanceof LockProxy proxy)) {
      throw new IllegalArgumentException("the lock must be a shared lock from this manager");
    }
    return proxy.condition(name);
  }

  /**
   * Returns the shared duplex pipe of this name, Python's {@code Pipe()}; see {@link SharedPipe}.
   */
  public <E> SharedPipe<E> pipe(String name) {
    return pipe(name, true);
  }

  /**
   * Returns the shared pipe of this name, one-way when {@code duplex} is false, Python's {@code
   * Pipe(duplex)}; throws {@link IllegalStateException} when it exists with the other direction.
   */
  public <E> SharedPipe<E> pipe(String name, boolean duplex) {
    return new PipeProxy<>(open(name, ObjectType.PIPE, duplex ? 0 : 1).remote(), duplex);
  }

  /**
   * Returns the shared array of this name, Python's {@code Array(typecode, length)}, creating it
   * with {@code length} zeros if absent; see {@link SharedArray}. Throws {@link
   * IllegalStateException} when it exists with another length or element type, and {@link
   * IllegalArgumentException} when {@code length} is negative or above 1,048,576 (2^20), the
   * server's limit.
   */
  public SharedArray array(String name, SharedArray.ElementType type, int length) {
    Objects.requireNonNull(type, "type");
    Opened opened = open(name, ObjectType.ARRAY, length(length));
    return new ArrayProxy(opened.remote(), type, length).initialize();
  }

  /**
   * Returns the shared array of this name, Python's {@code Array(typecode, sequence)}, creating it
   * holding {@code values} (wrapped to the element type, see {@link SharedArray}) if absent; an
   * existing array keeps its own values. Errors as {@link #array(String, SharedArray.ElementType,
   * int)}, the length being that of {@code values}.
   */
  public SharedArray array(String name, SharedArray.ElementType type, long[] values) {
    return array(
        Objects.requireNonNull(type, "type"),
        open(name, ObjectType.ARRAY, values.length).remote(),
        boxed(values));
  }

  /** Returns the shared array of this name, created holding {@code values} if absent; see above. */
  public SharedArray array(String name, SharedArray.ElementType type, double[] values) {
    return array(
        Objects.requireNonNull(type, "type"),
        open(name, ObjectType.ARRAY, values.length).remote(),
        boxed(values));
  }

  private static SharedArray array(
      SharedArray.ElementType type, Remote remote, ArrayList<Object> values) {
    return new ArrayProxy(remote, type, values.size()).initialize(values);
  }

  private static ArrayList<Object> boxed(long[] values) {
    ArrayList<Object> boxed = new ArrayList<>(values.length);
    for (long value : values) {
      boxed.add(value);
    }
    return boxed;
  }

  private static ArrayList<Object> boxed(double[] values) {
    ArrayList<Object> boxed = new ArrayList<>(values.length);
    for (double value : values) {
      boxed.add(value);
    }
    return boxed;
  }

  /**
   * Returns the shared object of this name, an instance of the type the server's operator installed
   * for {@code iface} (Python's {@code register()}), creating it if absent. Only the interface's
   * methods can be called; each call is one request, and a method that throws on the server throws
   * {@link RemoteInvocationException} here. Arguments and results must be value classes registered
   * here and on the server. Throws {@link IllegalArgumentException} when no type is installed for
   * the interface, {@link WrongTypeException} when the name holds another.
   */
  public <T> T object(String name, Class<T> iface) {
    if (!iface.isInterface()) {
      throw new IllegalArgumentException(iface.getName() + " is not an interface");
    }
    Objects.requireNonNull(name, "name");
    List<?> reply =
        (List<?>) connection.call(0, ManagerOp.OPEN, name, ObjectType.OBJECT, -1, iface.getName());
    return ObjectProxy.create(
        new Remote(connection, values, (Long) reply.get(0), name, ObjectType.OBJECT), iface);
  }

  /**
   * Starts a pool of {@code processes} worker JVMs serving the pool of this name, Python's {@code
   * Pool(processes)}; see {@link Pool}. The workers are daemon children of this JVM with its
   * classpath and registrations. Throws {@link IllegalArgumentException} when {@code processes} is
   * negative, {@link WrongTypeException} when the name holds another type of object.
   */
  public Pool pool(String name, int processes) {
    return pool(name, Pool.options().processes(processes));
  }

  /**
   * Starts a pool with these options (worker count, initializer, recycling, retries); see {@link
   * #pool(String, int)}. Closing this manager terminates the pools it started.
   */
  public Pool pool(String name, Pool.Options options) {
    Objects.requireNonNull(options, "options");
    return started(new PoolProxy(this, remote(name, ObjectType.POOL), options, taskCodec));
  }

  /**
   * Starts a pool of one worker JVM per processor under a name the server makes up, Python's {@code
   * Pool()}; see {@link #pool(Pool.Options)}.
   */
  public Pool pool() {
    return pool(Pool.options());
  }

  /**
   * Starts a pool of {@code processes} worker JVMs under a name the server makes up, Python's
   * {@code Pool(processes)}; see {@link #pool(Pool.Options)}. Throws {@link
   * IllegalArgumentException} when {@code processes} is negative.
   */
  public Pool pool(int processes) {
    return pool(Pool.options().processes(processes));
  }

  /**
   * Starts a pool with these options under a name the server makes up ({@link Pool#name()}, by
   * which workers started by hand can join it), deleted when this manager closes or loses its
   * connection, as {@link #dict()} is; see {@link #pool(String, int)}.
   */
  public Pool pool(Pool.Options options) {
    Objects.requireNonNull(options, "options");
    Remote remote = create(ObjectType.POOL, -1, null).remote();
    return started(new PoolProxy(this, remote, options, taskCodec));
  }

  /** Remembers a pool this manager started, to terminate it when closing. */
  private Pool started(PoolProxy pool) {
    pools.add(pool);
    return pool;
  }

  /**
   * Returns the shared dict of this name, creating it holding {@code initialContents} if absent,
   * like Python's {@code m.dict(mapping)}: the contents arrive with the dict in one call, all or
   * nothing (counted against the memory budget), so no client sees it half filled. A dict that
   * exists already is left as it is, whatever it holds, as {@link #value} keeps the first value.
   * Throws {@link NullPointerException} for a null key or value, {@link SerializationException} for
   * one of an unregistered class, and {@link WrongTypeException} when the name holds another type
   * of object.
   */
  public <K, V> SharedDict<K, V> dict(String name, Map<? extends K, ? extends V> initialContents) {
    return new DictProxy<>(openWith(name, ObjectType.DICT, pairs(initialContents)));
  }

  /**
   * Returns the shared list of this name, creating it holding {@code initialContents} (in their
   * iteration order) if absent, like Python's {@code m.list(sequence)}; see {@link #dict(String,
   * Map)}.
   */
  public <E> SharedList<E> list(String name, Collection<? extends E> initialContents) {
    return new ListProxy<>(openWith(name, ObjectType.LIST, elements(initialContents)));
  }

  // Anonymous objects, Python's m.dict(), m.Queue(), m.Lock(), ...: the server names each, and
  // deletes it when this manager closes or its connection is lost. Children reach one by its name.

  /**
   * Creates an empty anonymous dict, Python's {@code m.dict()}: the server gives it a name no other
   * object has ({@link SharedDict#name()}, by which other JVMs open it) and deletes it when this
   * manager closes or loses its connection; calls on it then fail in every JVM. Errors as {@link
   * #dict(String)}.
   */
  public <K, V> SharedDict<K, V> dict() {
    return new DictProxy<>(create(ObjectType.DICT, -1, null).remote());
  }

  /**
   * Creates an anonymous dict holding {@code initialContents}, Python's {@code m.dict(mapping)};
   * see {@link #dict()} and {@link #dict(String, Map)}.
   */
  public <K, V> SharedDict<K, V> dict(Map<? extends K, ? extends V> initialContents) {
    return new DictProxy<>(create(ObjectType.DICT, -1, pairs(initialContents)).remote());
  }

  /** Creates an empty anonymous list, Python's {@code m.list()}; see {@link #dict()}. */
  public <E> SharedList<E> list() {
    return new ListProxy<>(create(ObjectType.LIST, -1, null).remote());
  }

  /**
   * Creates an anonymous list holding {@code initialContents}, Python's {@code m.list(sequence)};
   * see {@link #dict()} and {@link #list(String, Collection)}.
   */
  public <E> SharedList<E> list(Collection<? extends E> initialContents) {
    return new ListProxy<>(create(ObjectType.LIST, -1, elements(initialContents)).remote());
  }

  /** Creates an unbounded anonymous queue, Python's {@code m.Queue()}; see {@link #dict()}. */
  public <E> SharedQueue<E> queue() {
    return new QueueProxy<>(create(ObjectType.QUEUE, 0, null).remote(), 0);
  }

  /**
   * Creates an anonymous queue of at most {@code maxsize} items (0: unbounded), Python's {@code
   * m.Queue(maxsize)}; see {@link #dict()} and {@link #queue(String, int)}.
   */
  public <E> SharedQueue<E> queue(int maxsize) {
    return new QueueProxy<>(create(ObjectType.QUEUE, maxsize(maxsize), null).remote(), maxsize);
  }

  /** Creates an unbounded anonymous joinable queue, Python's {@code m.JoinableQueue()}. */
  public <E> SharedJoinableQueue<E> joinableQueue() {
    return new QueueProxy<>(create(ObjectType.JOINABLE_QUEUE, 0, null).remote(), 0);
  }

  /** Creates an anonymous joinable queue of at most {@code maxsize} items; see {@link #queue()}. */
  public <E> SharedJoinableQueue<E> joinableQueue(int maxsize) {
    Opened opened = create(ObjectType.JOINABLE_QUEUE, maxsize(maxsize), null);
    return new QueueProxy<>(opened.remote(), maxsize);
  }

  /**
   * Creates an anonymous lock, Python's {@code m.Lock()}; see {@link #dict()} and {@link #lock}.
   */
  public SharedLock lock() {
    return new LockProxy(create(ObjectType.LOCK, -1, null).remote());
  }

  /** Creates an anonymous reentrant lock, Python's {@code m.RLock()}; see {@link #rlock}. */
  public SharedLock rlock() {
    return new LockProxy(create(ObjectType.RLOCK, -1, null).remote());
  }

  /**
   * Creates an anonymous condition bound to a new anonymous rlock of the same name, Python's {@code
   * m.Condition()}; other JVMs open it with {@link #condition(String)}.
   */
  public SharedCondition condition() {
    SharedLock lock = rlock();
    return condition(lock.name(), lock);
  }

  /** Creates an anonymous semaphore, Python's {@code m.Semaphore(permits)}; see {@link #dict()}. */
  public SharedSemaphore semaphore(int permits) {
    return semaphore(ObjectType.SEMAPHORE, permits);
  }

  /** Creates an anonymous bounded semaphore, Python's {@code m.BoundedSemaphore(permits)}. */
  public SharedSemaphore boundedSemaphore(int permits) {
    return semaphore(ObjectType.BOUNDED_SEMAPHORE, permits);
  }

  private SharedSemaphore semaphore(ObjectType type, int permits) {
    return new SemaphoreProxy(create(type, permits(permits), null).remote(), permits);
  }

  /** Creates an anonymous event, Python's {@code m.Event()}; see {@link #dict()}. */
  public SharedEvent event() {
    return new EventProxy(create(ObjectType.EVENT, -1, null).remote());
  }

  /** Creates an anonymous barrier, Python's {@code m.Barrier(parties)}; see {@link #barrier}. */
  public SharedBarrier barrier(int parties) {
    Opened opened = create(ObjectType.BARRIER, parties(parties), null);
    return new BarrierProxy(opened.remote(), parties, taskCodec);
  }

  /**
   * Creates an anonymous barrier with an action and a default timeout (either may be null),
   * Python's {@code m.Barrier(parties, action, timeout)}; see {@link #barrier(String, int,
   * SerializableRunnable, Duration)}.
   */
  public SharedBarrier barrier(int parties, SerializableRunnable action, Duration timeout) {
    return ((BarrierProxy) barrier(parties)).configure(action, timeout);
  }

  /** Creates an anonymous value holding {@code initial}, Python's {@code m.Value(type, value)}. */
  public <T> SharedValue<T> value(T initial) {
    return new ValueProxy<T>(create(ObjectType.VALUE, -1, null).remote()).initialize(initial);
  }

  /** Creates an anonymous namespace, Python's {@code m.Namespace()}; see {@link #dict()}. */
  public SharedNamespace namespace() {
    return new NamespaceProxy(create(ObjectType.NAMESPACE, -1, null).remote());
  }

  /**
   * Creates an anonymous array of {@code length} zeros, Python's {@code m.Array(typecode, size)};
   * see {@link #dict()} and {@link #array(String, SharedArray.ElementType, int)}.
   */
  public SharedArray array(SharedArray.ElementType type, int length) {
    Objects.requireNonNull(type, "type");
    Opened opened = create(ObjectType.ARRAY, length(length), null);
    return new ArrayProxy(opened.remote(), type, length).initialize();
  }

  /**
   * Creates an anonymous array holding {@code values}, Python's {@code m.Array(typecode,
   * sequence)}; see {@link #dict()} and {@link #array(String, SharedArray.ElementType, long[])}.
   */
  public SharedArray array(SharedArray.ElementType type, long[] values) {
    return array(
        Objects.requireNonNull(type, "type"),
        create(ObjectType.ARRAY, values.length, null).remote(),
        boxed(values));
  }

  /** Creates an anonymous array holding {@code values}; see above. */
  public SharedArray array(SharedArray.ElementType type, double[] values) {
    return array(
        Objects.requireNonNull(type, "type"),
        create(ObjectType.ARRAY, values.length, null).remote(),
        boxed(values));
  }

  /**
   * Returns a builder for a child JVM that runs {@code target}, Python's {@code Process(target=f)};
   * {@code start()} on it starts the child. The child gets this JVM's classpath and this manager's
   * settings like any {@link JvmProcess}, connects, runs the target, closes its manager and exits:
   * with code 0, or 1 with the exception printed when the target throws. What the target captures
   * is sent with it: values of registered classes, this manager (which arrives as the child's), and
   * proxies of this manager's shared objects, which arrive as the same shared objects opened again
   * by name in the child. A non-daemon child keeps this JVM running until it ends, as Python waits
   * for non-daemon children at exit.
   *
   * <pre>{@code
   * SharedQueue<Integer> queue = m.queue("items", 5);
   * m.process(q -> produce(q), queue).start();
   * m.process(Seeds::worker, lock, counter).daemon(true).start();
   * }</pre>
   *
   * <p>The target and its arguments are serialized when {@code start()} is called, which throws
   * {@link SerializationException} in this JVM, before any child starts, when they cannot be sent:
   * a class not registered, a lambda capturing a non-serializable object or {@code this}, a proxy
   * or manager other than this one. The builder's {@code args} are not used.
   */
  public JvmProcess.Builder process(ProcessTarget target) {
    return child(target, List.of());
  }

  /**
   * Returns a builder for a child JVM that runs {@code target(a)}; see {@link
   * #process(ProcessTarget)}.
   */
  public <A> JvmProcess.Builder process(ProcessTarget.Of1<A> target, A a) {
    return child(target, Arrays.asList(a));
  }

  /**
   * Returns a builder for a child JVM that runs {@code target(a, b)}; see {@link
   * #process(ProcessTarget)}.
   */
  public <A, B> JvmProcess.Builder process(ProcessTarget.Of2<A, B> target, A a, B b) {
    return child(target, Arrays.asList(a, b));
  }

  /**
   * Returns a builder for a child JVM that runs {@code target(a, b, c)}; see {@link
   * #process(ProcessTarget)}.
   */
  public <A, B, C> JvmProcess.Builder process(ProcessTarget.Of3<A, B, C> target, A a, B b, C c) {
    return child(target, Arrays.asList(a, b, c));
  }

  /**
   * Returns a builder for a child JVM that runs {@code process.run()} on a copy of {@code process}
   * made from its fields, a Python {@code Process} subclass's {@code start()}; see {@link
   * ChildProcess} and {@link #process(ProcessTarget)}.
   */
  public JvmProcess.Builder process(ChildProcess process) {
    return child(process, List.of());
  }

  private JvmProcess.Builder child(Object target, List<?> arguments) {
    Objects.requireNonNull(target, "target");
    return JvmProcess.builder(TargetProcess.class)
        .manager(this)
        .input(() -> taskCodec.encodeProcess(target, arguments));
  }

  /** Returns the name and type of every shared object on the server, sorted by name. */
  public Map<String, ObjectType> names() {
    List<?> pairs = (List<?>) connection.call(0, ManagerOp.NAMES);
    Map<String, ObjectType> names = new LinkedHashMap<>();
    for (int i = 0; i < pairs.size(); i += 2) {
      names.put((String) pairs.get(i), (ObjectType) pairs.get(i + 1));
    }
    return Collections.unmodifiableMap(names);
  }

  /**
   * Deletes the shared object of this name; calls parked on it fail, and its proxies then throw
   * {@link IllegalStateException}. Returns whether it existed. An admin operation: on a daemon with
   * an admin key, a manager connected with the data key gets {@link ForbiddenException}.
   */
  public boolean delete(String name) {
    return (Boolean) connection.call(0, ManagerOp.DELETE, Objects.requireNonNull(name, "name"));
  }

  /**
   * The server's address as {@code host:port}, or the whole list this manager was given to connect
   * to, in the form {@code JMANAGER_ADDRESS} takes (entries joined by commas, IPv6 hosts in
   * brackets): the host given to connect, or {@code 127.0.0.1} and the port chosen by a server of
   * {@link #start()}. Throws nothing.
   */
  public String address() {
    return connection.addresses().toString();
  }

  /** The server's admin operations: list sessions, release a lock, shut the server down. */
  public Admin admin() {
    return new Admin(connection);
  }

  /**
   * Terminates the pools this manager started and closes the connection; calls still waiting fail
   * with {@link ManagerException}. A manager of {@link #start()} then stops its server (SIGTERM,
   * SIGKILL after ten seconds) and waits until it has exited.
   */
  @Override
  public void close() {
    pools.forEach(Pool::terminate);
    connection.close();
    if (ownExecutor != null) {
      ownExecutor.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  /**
   * The default completion executor of asynchronous calls: up to {@link
   * Builder#DEFAULT_COMPLETION_THREADS} daemon threads named {@code jmanager-async-N}, started on
   * demand and ended after a minute idle.
   */
  private static ExecutorService completionThreads() {
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            Builder.DEFAULT_COMPLETION_THREADS,
            Builder.DEFAULT_COMPLETION_THREADS,
            1,
            TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(),
            new DefaultThreadFactory("jmanager-async", true));
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /**
   * The host of the server this manager is connected to: one of {@link #address()}'s, or a leader
   * that one of them named.
   */
  String host() {
    return connection.server().host();
  }

  /** The port of the server this manager is connected to. */
  int port() {
    return connection.server().port();
  }

  byte[] authkey() {
    return authkey.clone();
  }

  Map<Class<?>, Integer> classes() {
    return classes;
  }

  /** The server this manager started, or null when it connected to one. */
  PrivateServer server() {
    return server;
  }

  /** This manager's TLS settings; null when TLS is off. */
  ClientTls tls() {
    return tls;
  }

  Keepalive keepalive() {
    return keepalive;
  }

  TaskCodec taskCodec() {
    return taskCodec;
  }

  /** Opens an object that takes no parameter and returns its remote end. */
  Remote remote(String name, ObjectType type) {
    return open(name, type, -1).remote();
  }

  private Opened open(String name, ObjectType type, int capacity) {
    Objects.requireNonNull(name, "name");
    List<?> reply = (List<?>) connection.call(0, ManagerOp.OPEN, name, type, capacity);
    return new Opened(
        new Remote(connection, values, (Long) reply.get(0), name, type), (Integer) reply.get(1));
  }

  /** Creates an anonymous object, owned by this manager's connection. */
  private Opened create(ObjectType type, int parameter, ArrayList<Object> contents) {
    List<?> reply = (List<?>) connection.call(0, ManagerOp.CREATE, type, parameter, contents);
    return new Opened(
        new Remote(connection, values, (Long) reply.get(0), (String) reply.get(2), type),
        (Integer) reply.get(1));
  }

  /** Opens an object, creating it holding {@code contents} if absent. */
  private Remote openWith(String name, ObjectType type, ArrayList<Object> contents) {
    Objects.requireNonNull(name, "name");
    List<?> reply = (List<?>) connection.call(0, ManagerOp.OPEN_WITH, name, type, -1, contents);
    return new Remote(connection, values, (Long) reply.get(0), name, type);
  }

  /** A map's keys and values, serialized and alternating, as a dict's initial contents. */
  private ArrayList<Object> pairs(Map<?, ?> map) {
    ArrayList<Object> pairs = new ArrayList<>(map.size() * 2);
    map.forEach(
        (key, value) -> {
          pairs.add(values.encode(Objects.requireNonNull(key, "null keys are not allowed")));
          pairs.add(values.encode(Objects.requireNonNull(value, "null values are not allowed")));
        });
    return pairs;
  }

  /** Serialized elements, in iteration order, as a list's initial contents. */
  private ArrayList<Object> elements(Collection<?> elements) {
    ArrayList<Object> encoded = new ArrayList<>(elements.size());
    for (Object element : elements) {
      encoded.add(values.encode(Objects.requireNonNull(element, "null values are not allowed")));
    }
    return encoded;
  }

  private static int maxsize(int maxsize) {
    if (maxsize < 0) {
      throw new IllegalArgumentException("maxsize must be 0 (unbounded) or more: " + maxsize);
    }
    return maxsize;
  }

  private static int permits(int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException("permits must not be negative: " + permits);
    }
    return permits;
  }

  private static int parties(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("parties must be at least 1: " + parties);
    }
    return parties;
  }

  private static int length(int length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative: " + length);
    }
    return length;
  }

  /**
   * The server's answer to OPEN: the object's remote end and its capacity (0 unless a bounded
   * queue).
   */
  private record Opened(Remote remote, int capacity) {}

  /**
   * Configures and opens a {@link Manager}.
   *
   * <h2>Errors</h2>
   *
   * <p>The setters throw {@link IllegalArgumentException} for a value out of range and {@link
   * NullPointerException} for a null argument, as each says; {@link #fromEnvironment()} throws
   * {@link IllegalStateException} for a missing or malformed variable; {@link #connect()} throws
   * what {@link Manager#connect} throws.
   */
  public static final class Builder {
    /** Asynchronous calls that may be unanswered at once, unless {@link #maxInFlight} says. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

    /** Threads of the default completion executor of asynchronous calls. */
    public static final int DEFAULT_COMPLETION_THREADS = 2;

    private Addresses addresses = Addresses.of("127.0.0.1", 50000);
    private byte[] authkey = new byte[0];
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration callTimeout = Duration.ofSeconds(30);
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private Executor asyncExecutor;
    private final Map<Class<?>, Integer> classes = new HashMap<>();
    private boolean tls;
    private Path tlsCa;
    private Path tlsCertificate;
    private Path tlsKey;
    private Keepalive keepalive = Keepalive.DEFAULT;
    private boolean addressOrKeyGiven;
    private final List<String> serverJvmOptions = new ArrayList<>();
    private final List<String> serverArguments = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the server's address (default 127.0.0.1:50000), a list of one; an IPv6 host may be given
     * with or without brackets. Throws {@link IllegalArgumentException} for a port out of 1 to
     * 65535 or an empty host, and {@link NullPointerException} for a null host.
     */
    public Builder address(String host, int port) {
      this.addresses = Addresses.of(host, port);
      this.addressOrKeyGiven = true;
      return this;
    }

    /**
     * Sets the servers to try, in order, as {@code host:port} entries separated by commas, such as
     * {@code "h1:50000, h2:50000, [::1]:50000"}: an IPv6 host in brackets, whitespace around
     * entries allowed; the form {@code JMANAGER_ADDRESS} takes. See {@link Manager#connect(String,
     * byte[])} for how they are tried. Throws {@link IllegalArgumentException} naming the entry
     * when one is empty, has no host, no port or a port out of 1 to 65535, or is an IPv6 address
     * without brackets, and {@link NullPointerException} for a null list.
     */
    public Builder addresses(String list) {
      this.addresses = Addresses.parse(list);
      this.addressOrKeyGiven = true;
      return this;
    }

    /** Sets the authkey shared with the server (default: none, for a key-less loopback server). */
    public Builder authkey(byte[] authkey) {
      this.authkey = Objects.requireNonNull(authkey, "authkey").clone();
      this.addressOrKeyGiven = true;
      return this;
    }

    /**
     * Takes the address from {@code JMANAGER_ADDRESS} ({@code host:port}, or a list as {@link
     * #addresses} takes), the key from {@code JMANAGER_AUTHKEY_BASE64}, {@code JMANAGER_AUTHKEY} or
     * the file {@code JMANAGER_AUTHKEY_FILE} names (in that order), value classes to register from
     * {@code JMANAGER_VALUE_CLASSES}, and TLS settings: {@code JMANAGER_TLS_CA} (a PEM file of CAs
     * to trust) or {@code JMANAGER_TLS=true} (trust the JVM's default trust store) turns TLS on,
     * and {@code JMANAGER_TLS_CERT} with {@code JMANAGER_TLS_KEY} give a client certificate; {@code
     * JMANAGER_KEEPALIVE_IDLE_SECONDS}, {@code JMANAGER_KEEPALIVE_INTERVAL_SECONDS} and {@code
     * JMANAGER_KEEPALIVE_COUNT} set {@link #keepalive}. Throws {@link IllegalStateException} when
     * the address is missing or malformed, the key file cannot be read, a listed class cannot be
     * loaded, only one of {@code JMANAGER_TLS_CERT} and {@code JMANAGER_TLS_KEY} is set, or a
     * keepalive variable is not a number in bounds.
     */
    public Builder fromEnvironment() {
      EnvironmentSettings.current().applyTo(this);
      return this;
    }

    /**
     * Connects with TLS (1.2 or 1.3), trusting the CAs of the JVM's default trust store (the JDK's
     * {@code cacerts}, or the {@code javax.net.ssl.trustStore} system property). The server's
     * certificate must name the host given to {@link #address(String, int)} (each host of {@link
     * #addresses}, and each leader a follower names): a DNS name, or an IP address in its subject
     * alternative names. Connecting then throws {@link AuthenticationException} when the TLS
     * handshake fails.
     */
    public Builder tls() {
      this.tls = true;
      this.tlsCa = null;
      return this;
    }

    /**
     * Connects with TLS, trusting only the CAs in this PEM file; see {@link #tls()}. The file is
     * read when connecting, which throws {@link IllegalArgumentException} when it cannot be read or
     * holds no certificate.
     */
    public Builder tls(Path caCertificates) {
      this.tls = true;
      this.tlsCa = Objects.requireNonNull(caCertificates, "caCertificates");
      return this;
    }

    /**
     * Presents this certificate for mutual TLS: {@code certificateChain} is a PEM file holding this
     * client's certificate, then any intermediate CA certificates; {@code privateKey} a PEM file
     * holding its key as unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), RSA or EC. Needs
     * {@link #tls()} or {@link #tls(Path)}. The files are read when connecting, which throws {@link
     * IllegalArgumentException} when one cannot be read, does not hold what it should, or the key
     * does not belong to the certificate.
     */
    public Builder tlsClientCertificate(Path certificateChain, Path privateKey) {
      this.tlsCertificate = Objects.requireNonNull(certificateChain, "certificateChain");
      this.tlsKey = Objects.requireNonNull(privateKey, "privateKey");
      return this;
    }

    /**
     * Sets TCP keepalive: after {@code idle} of silence the operating system probes the server
     * every {@code interval} and drops the connection after {@code count} probes without an answer,
     * so a server that vanished (its host down, the network cut) is found after idle + count x
     * interval, and calls waiting on it fail (default 15 s, 5 s and 3: 30 s). Times are whole
     * seconds, 1 to 32,767; the count is 1 to 127. Where the operating system cannot set them, its
     * own defaults apply. {@link JvmProcess} children and pool workers inherit them.
     */
    public Builder keepalive(Duration idle, Duration interval, int count) {
      return keepalive(Keepalive.of(idle, interval, count));
    }

    /** Sets TCP keepalive; see {@link #keepalive(Duration, Duration, int)}. */
    Builder keepalive(Keepalive keepalive) {
      this.keepalive = keepalive;
      return this;
    }

    /** The TCP keepalive set so far. */
    Keepalive keepalive() {
      return keepalive;
    }

    /**
     * Sets how long connecting and authenticating may take in total (default 10 s), however many
     * addresses are tried; with several, each try may take its share (the timeout divided by the
     * number of addresses), so that one that does not answer leaves time for the others. Throws
     * {@link IllegalArgumentException} when the timeout is not positive.
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout);
      return this;
    }

    /**
     * Sets how many asynchronous calls may be unanswered at once on the connection (default {@value
     * #DEFAULT_MAX_IN_FLIGHT}); a call beyond it waits until one is answered. Calls that wait on
     * the server ({@code take}, {@code put}, ...) do not count.
     */
    public Builder maxInFlight(int calls) {
      if (calls < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1: " + calls);
      }
      this.maxInFlight = calls;
      return this;
    }

    /**
     * Sets the executor that completes the futures of asynchronous calls and runs their {@code
     * *Async} stages chained without an executor (default: up to {@value
     * #DEFAULT_COMPLETION_THREADS} daemon threads of the manager's own, ended when it closes; never
     * the JDK's common pool). Callbacks that block hold up other completions on a small executor.
     */
    public Builder asyncExecutor(Executor executor) {
      this.asyncExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets how long a call may wait for the server beyond its own timeout (default 30 s); past it
     * the call throws {@link ManagerTimeoutException}. A call waiting on the server ({@code poll},
     * {@code tryLock}, ... with a timeout) is first cancelled there, and returns the server's
     * answer instead if that beat the cancel, so that nothing is taken or granted for a caller that
     * gave up.
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout);
      return this;
    }

    /**
     * Registers a value class under an id derived from its name, so that every JVM registering it
     * agrees whatever the order. Throws {@link IllegalArgumentException} if two registered classes
     * would share an id; then give one an explicit id.
     */
    public Builder register(Class<?> type) {
      return register(type, ValueKryo.nameId(type));
    }

    /** Registers a value class under an explicit id, 100 or more, the same in every JVM. */
    public Builder register(Class<?> type, int id) {
      Objects.requireNonNull(type, "type");
      if (id < ValueKryo.FIRST_USER_ID) {
        throw new IllegalArgumentException(
            "ids below " + ValueKryo.FIRST_USER_ID + " are reserved");
      }
      for (Map.Entry<Class<?>, Integer> entry : classes.entrySet()) {
        if (entry.getValue() == id && entry.getKey() != type) {
          throw new IllegalArgumentException(
              type.getName() + " and " + entry.getKey().getName() + " both have id " + id);
        }
      }
      classes.put(type, id);
      return this;
    }

    /**
     * Connects and authenticates; see {@link Manager#connect}. Throws {@link IllegalStateException}
     * when a client certificate is given without TLS.
     */
    public Manager connect() {
      if (tlsCertificate != null && !tls) {
        throw new IllegalStateException(
            "a client certificate needs TLS: call tls() or tls(caCertificates) too");
      }
      return new Manager(this, addresses, authkey, null);
    }

    /** Sets options for the JVM of the server {@link #start()} starts, such as {@code -Xmx512m}. */
    public Builder serverJvmOptions(String... options) {
      serverJvmOptions.addAll(List.of(options));
      return this;
    }

    /**
     * Adds options of the daemon's command line (see {@code manager-server --help}) for the server
     * {@link #start()} starts, such as {@code "--max-memory-bytes", "100000000"}; its host, port,
     * key and log level are set by {@code start()}.
     */
    public Builder serverArguments(String... arguments) {
      serverArguments.addAll(List.of(arguments));
      return this;
    }

    /**
     * Starts a server owned by this program and connects to it with this builder's settings, like
     * Python's {@code Manager()}: the daemon ({@code io.jmanager.server.Main}) runs in a child JVM
     * with this JVM's classpath, bound to a free port of 127.0.0.1, with a random key that reaches
     * it through its environment, never its command line. The child is a daemon: it dies with this
     * JVM, even one killed outright; {@link Manager#close()} stops it. It logs warnings and errors
     * only, to this JVM's output.
     *
     * <p>The client holds no server code: the application needs the {@code
     * io.jmanager:manager-server} module on its classpath at runtime (a {@code runtime} scope
     * dependency).
     *
     * <p>Errors: {@link IllegalStateException} when the manager-server module is not on the
     * classpath, or an address, key or TLS was set on this builder (the server picks its own);
     * {@link java.io.UncheckedIOException} when the JVM cannot be started; {@link ManagerException}
     * when the server exits before it is ready (for a bad server argument, say) or is not ready
     * within a minute; then what {@link Manager#connect} throws.
     */
    public Manager start() {
      if (addressOrKeyGiven || tls) {
        throw new IllegalStateException(
            "a private server picks its own address and key, without TLS: use connect() for a"
                + " server of your own");
      }
      PrivateServer server = PrivateServer.start(serverJvmOptions, serverArguments);
      try {
        return new Manager(
            this, Addresses.of("127.0.0.1", server.port()), server.authkey(), server);
      } catch (RuntimeException | Error e) {
        server.close();
        throw e;
      }
    }

    private static Duration positive(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      return timeout;
    }
  }
}
