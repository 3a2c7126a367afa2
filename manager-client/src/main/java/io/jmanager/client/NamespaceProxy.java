package io.jmanager.client;

import io.jmanager.protocol.NamespaceOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The client side of a shared namespace. */
final class NamespaceProxy implements SharedNamespace, Reopenable {
  private final Remote remote;

  NamespaceProxy(Remote remote) {
    this.remote = remote;
  }

  @Override
  public ProxyReference reference() {
    return remote.reference();
  }

  @Override
  public String name() {
    return remote.name();
  }

  @Override
  public <T> T get(String attribute) {
    return remote.decode(remote.call(NamespaceOp.GET, checked(attribute)));
  }

  @Override
  public void set(String attribute, Object value) {
    remote.call(NamespaceOp.SET, checked(attribute), remote.encode(value));
  }

  @Override
  public boolean delete(String attribute) {
    return remote.callBoolean(NamespaceOp.DELETE, checked(attribute));
  }

  @Override
  public boolean contains(String attribute) {
    return remote.callBoolean(NamespaceOp.CONTAINS, checked(attribute));
  }

  @Override
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (Object name : (List<?>) remote.call(NamespaceOp.NAMES)) {
      names.add((String) name);
    }
    return names;
  }

  private static String checked(String attribute) {
    return Objects.requireNonNull(attribute, "attribute");
  }

  @Override
  public String toString() {
    return "SharedNamespace " + remote;
  }
}
