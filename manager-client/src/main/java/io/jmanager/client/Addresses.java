package io.jmanager.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The servers a client may connect to, in the order it tries them, in the one form every setting
 * takes ({@link Manager.Builder#addresses}, {@code JMANAGER_ADDRESS}, {@code --address}): {@code
 * host:port} entries separated by commas, an IPv6 host in brackets ({@code [::1]:50000}), with
 * whitespace around entries allowed. Immutable.
 */
final class Addresses {
  private static final String FORM = "host:port, or a comma-separated list of them";

  /** One server's address; an IPv6 host is held without its brackets. */
  record Address(String host, int port) {
    /** The address as {@code host:port}, an IPv6 host in brackets. */
    @Override
    public String toString() {
      return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
  }

  private final List<Address> list;

  private Addresses(List<Address> list) {
    this.list = List.copyOf(list);
  }

  /**
   * The one address {@code host} (an IPv6 host with or without brackets) and {@code port}; throws
   * {@link IllegalArgumentException} for a port out of 1 to 65535 or an empty host.
   */
  static Addresses of(String host, int port) {
    return new Addresses(List.of(address(Objects.requireNonNull(host, "host"), port)));
  }

  /**
   * Parses a list such as {@code "h1:50000, h2:50000, [::1]:50000"}; throws {@link
   * IllegalArgumentException} naming the entry when one is empty, has no host, no port or one out
   * of 1 to 65535, or is an IPv6 address without brackets.
   */
  static Addresses parse(String text) {
    Objects.requireNonNull(text, "addresses");
    if (text.isBlank()) {
      throw new IllegalArgumentException("no server address given: expected " + FORM);
    }
    List<Address> list = new ArrayList<>();
    String[] entries = text.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      if (entry.isEmpty()) {
        throw new IllegalArgumentException(
            "entry " + (i + 1) + " of the address list \"" + text + "\" is empty");
      }
      try {
        list.add(entry(entry));
      } catch (IllegalArgumentException e) {
        String where = entries.length == 1 ? "" : " in \"" + text + "\"";
        throw new IllegalArgumentException(
            "bad server address \"" + entry + "\"" + where + ": " + e.getMessage(), e);
      }
    }
    return new Addresses(list);
  }

  /** Parses one entry, trimmed and not empty; the exception's message says what is wrong. */
  private static Address entry(String entry) {
    String host;
    String port;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("no ']' closes the IPv6 address");
      }
      if (close + 1 == entry.length() || entry.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("no port: expected [IPv6]:port");
      }
      host = entry.substring(1, close);
      port = entry.substring(close + 2);
    } else {
      int colon = entry.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("no port: expected host:port");
      }
      if (entry.indexOf(':', colon + 1) >= 0) {
        throw new IllegalArgumentException(
            "an IPv6 address must be in brackets, as in [::1]:50000");
      }
      host = entry.substring(0, colon);
      port = entry.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    return address(host, port(port));
  }

  private static Address address(String host, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
    }
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.isBlank() || bare.chars().anyMatch(c -> c == ',' || Character.isWhitespace(c))) {
      throw new IllegalArgumentException("not a host: \"" + host + "\"");
    }
    return new Address(bare, port);
  }

  private static int port(String digits) {
    if (digits.isEmpty()) {
      throw new IllegalArgumentException("no port: expected host:port");
    }
    if (!digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 5) {
      throw new IllegalArgumentException("the port must be a number from 1 to 65535");
    }
    return Integer.parseInt(digits);
  }

  /** The addresses in the order given. */
  List<Address> list() {
    return list;
  }

  /** How many addresses there are; at least one. */
  int size() {
    return list.size();
  }

  /** The list as {@code JMANAGER_ADDRESS} takes it: {@code host:port} entries joined by commas. */
  @Override
  public String toString() {
    StringJoiner joined = new StringJoiner(",");
    list.forEach(address -> joined.add(address.toString()));
    return joined.toString();
  }
}
