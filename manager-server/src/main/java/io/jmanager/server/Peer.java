package io.jmanager.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One member of a cluster, as {@code --peers} names it: {@code id=host:raftport} or {@code
 * id=host:raftport:clientport}. Its log's traffic goes to {@code host:raftport}, and its clients to
 * {@code host:clientport}, which is this server's own client port unless given (members on separate
 * hosts usually share one client port). An IPv6 host goes in brackets.
 */
record Peer(String id, String host, int raftPort, int clientPort) {

  /** The address the members' log traffic reaches this member at. */
  String raftAddress() {
    return hostPort(raftPort);
  }

  /** The address clients reach this member at, in the form clients take it. */
  String clientAddress() {
    return hostPort(clientPort);
  }

  private String hostPort(int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * Parses a comma-separated list of members, whose client port is {@code defaultClientPort} unless
   * given; throws {@link IllegalArgumentException} naming the entry that is not a member, or an id
   * or address given twice.
   */
  static List<Peer> parseList(String list, int defaultClientPort) {
    List<Peer> peers = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    for (String entry : list.split(",", -1)) {
      Peer peer = parse(entry.trim(), defaultClientPort);
      if (!ids.add(peer.id())) {
        throw new IllegalArgumentException("peer id " + peer.id() + " is given twice in " + list);
      }
      if (!addresses.add(peer.raftAddress())) {
        throw new IllegalArgumentException(
            "peer address " + peer.raftAddress() + " is given twice in " + list);
      }
      peers.add(peer);
    }
    return List.copyOf(peers);
  }

  private static Peer parse(String entry, int defaultClientPort) {
    int equals = entry.indexOf('=');
    if (equals <= 0) {
      throw bad(entry, "no id= before the address");
    }
    String id = entry.substring(0, equals).trim();
    if (!id.matches("[A-Za-z0-9_.-]+")) {
      throw bad(entry, "an id is letters, digits, '_', '.' and '-'");
    }
    String address = entry.substring(equals + 1).trim();
    String host;
    String ports;
    if (address.startsWith("[")) {
      int close = address.indexOf(']');
      if (close < 0 || close + 1 >= address.length() || address.charAt(close + 1) != ':') {
        throw bad(entry, "an IPv6 host is [address]:port");
      }
      host = address.substring(1, close);
      ports = address.substring(close + 2);
    } else {
      int colon = address.indexOf(':');
      if (colon <= 0) {
        throw bad(entry, "the address is host:raftport");
      }
      host = address.substring(0, colon);
      ports = address.substring(colon + 1);
    }
    String[] parts = ports.split(":", -1);
    if (parts.length > 2) {
      throw bad(entry, "the address is host:raftport or host:raftport:clientport");
    }
    int raftPort = port(entry, parts[0]);
    int clientPort = parts.length == 2 ? port(entry, parts[1]) : defaultClientPort;
    return new Peer(id, host, raftPort, clientPort);
  }

  private static int port(String entry, String text) {
    int port;
    try {
      port = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw bad(entry, "'" + text + "' is not a port");
    }
    if (port < 1 || port > 65535) {
      throw bad(entry, "a port is 1 to 65535, not " + port);
    }
    return port;
  }

  private static IllegalArgumentException bad(String entry, String why) {
    return new IllegalArgumentException("bad peer '" + entry + "': " + why);
  }
}
