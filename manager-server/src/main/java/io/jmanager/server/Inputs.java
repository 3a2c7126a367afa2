package io.jmanager.server;

/**
 * Where the inputs of the server's state go once a connection has authenticated: straight to the
 * {@link ManagerState} in memory, or into the replicated log first, to be applied when committed.
 */
interface Inputs {
  /** Opens session {@code id} for a connection; its answers go to {@code link}. */
  Session.Inputs connect(long id, boolean admin, ClientLink link);

  /**
   * Where the connection of session {@code id} reports what became of answers that handed something
   * out; null when it puts them back itself, as in memory.
   */
  default ClientLink.Deliveries deliveries(long id) {
    return null;
  }
}
