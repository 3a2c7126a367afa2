/**
 * The jmanager server: {@link io.jmanager.server.Main} is the daemon's command line and {@link
 * io.jmanager.server.ManagerServer} the embeddable server it starts, configured by {@link
 * io.jmanager.server.ServerConfig}. Each connection's pipeline decodes frames, runs the handshake,
 * then hands every request to the shared object it names, found in the registry; each shared type
 * is one class holding its state and one switch over its ops, applied under the object's own lock
 * on the connection's event loop. Calls that cannot complete now are parked as waiters on their
 * object, never on a thread. The budgets and limits that keep one client from exhausting the server
 * (connections, waiters, bytes in transit, stored data) are classes of their own. Only {@code
 * Main}, {@code ManagerServer} and {@code ServerConfig} are public.
 */
package io.jmanager.server;
