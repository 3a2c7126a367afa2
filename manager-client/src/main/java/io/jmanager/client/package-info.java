/**
 * The jmanager client: a {@link io.jmanager.client.Manager} connects to a server and hands out
 * proxies of the objects it shares, each implementing the interface a Java developer expects:
 * {@link io.jmanager.client.SharedDict} (a {@code ConcurrentMap}), {@link
 * io.jmanager.client.SharedList}, {@link io.jmanager.client.SharedQueue} and {@link
 * io.jmanager.client.SharedJoinableQueue} ({@code BlockingQueue}s), {@link
 * io.jmanager.client.SharedLock}, {@link io.jmanager.client.SharedCondition}, {@link
 * io.jmanager.client.SharedSemaphore}, {@link io.jmanager.client.SharedEvent}, {@link
 * io.jmanager.client.SharedBarrier}, {@link io.jmanager.client.SharedValue}, {@link
 * io.jmanager.client.SharedArray}, {@link io.jmanager.client.SharedNamespace}, {@link
 * io.jmanager.client.SharedPipe}, and the operator's own types ({@link
 * io.jmanager.client.Manager#object}); dicts, lists and queues also have an {@code async()} form
 * that returns futures. A {@link io.jmanager.client.Pool} runs tasks on worker JVMs ({@link
 * io.jmanager.client.PoolWorker}), {@link io.jmanager.client.JvmProcess} starts child JVMs that
 * connect with {@link io.jmanager.client.Manager#fromEnvironment()}, and {@link
 * io.jmanager.client.Admin} and {@link io.jmanager.client.AdminTool} hold the operator's
 * operations. Failures of jmanager itself are unchecked {@link
 * io.jmanager.client.ManagerException}s, a few subtypes saying what went wrong; each public type
 * lists what its methods throw in its Errors paragraph. The rest of the package (the connection,
 * the proxies, the codecs) is package-private.
 */
package io.jmanager.client;
