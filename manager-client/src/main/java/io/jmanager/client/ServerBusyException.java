package io.jmanager.client;

/**
 * The server refused a connection or a call because one of its limits was reached (connections
 * overall or from this address, failed handshakes from this address, calls in flight on this
 * connection, parked waiters overall). Nothing was applied; trying again later may succeed.
 */
public final class ServerBusyException extends ManagerException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the server's reason. */
  public ServerBusyException(String message) {
    super(message);
  }
}
