package io.jmanager.client;

import io.jmanager.protocol.Handshake;
import io.jmanager.protocol.ValueKryo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * What a client's environment says of how to connect: the {@code JMANAGER_*} variables {@link
 * Manager} names, as {@link JvmProcess} sets them for its children and Docker for a container. Each
 * method takes one group of them into a {@link Manager.Builder}, leaving what the environment does
 * not set as it was; the errors are those {@link Manager.Builder#fromEnvironment()} lists.
 * Immutable.
 */
final class EnvironmentSettings {
  private final Map<String, String> variables;

  /** Settings from these variables, by name. */
  EnvironmentSettings(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  /** Settings from this process's environment. */
  static EnvironmentSettings current() {
    return new EnvironmentSettings(System.getenv());
  }

  /** Takes every setting; see {@link Manager.Builder#fromEnvironment()}. */
  void applyTo(Manager.Builder builder) {
    address(builder);
    key(builder);
    classes(builder);
    tls(builder);
    keepalive(builder);
  }

  /**
   * Takes the address from {@code JMANAGER_ADDRESS}, which must hold {@code host:port} or a
   * comma-separated list of them (see {@link Manager.Builder#addresses}); throws {@link
   * NoManagerSettingsException} when it is not set.
   */
  void address(Manager.Builder builder) {
    String address = variables.get(Manager.ADDRESS_ENV);
    if (address == null || address.isBlank()) {
      throw new NoManagerSettingsException(
          "no manager to connect to: "
              + Manager.ADDRESS_ENV
              + " is not set. A JvmProcess child gets it when its parent passes a manager"
              + " (JvmProcess.builder(Main.class).manager(m)); elsewhere set it to host:port"
              + " or host:port,host:port,...");
    }
    try {
      builder.addresses(address);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          Manager.ADDRESS_ENV
              + " must be host:port, or a comma-separated list of them: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Takes the key from {@code JMANAGER_AUTHKEY_BASE64}, {@code JMANAGER_AUTHKEY} or the file {@code
   * JMANAGER_AUTHKEY_FILE} names, the first of them set.
   */
  void key(Manager.Builder builder) {
    String base64 = variables.get(Manager.AUTHKEY_BASE64_ENV);
    String text = variables.get(Manager.AUTHKEY_ENV);
    String file = variables.get(Manager.AUTHKEY_FILE_ENV);
    if (base64 != null) {
      builder.authkey(Base64.getDecoder().decode(base64));
    } else if (text != null) {
      builder.authkey(text.getBytes(StandardCharsets.UTF_8));
    } else if (file != null) {
      builder.authkey(readKeyFile(Path.of(file)));
    }
  }

  /** Registers the classes {@code JMANAGER_VALUE_CLASSES} lists, as {@code name[=id],...}. */
  void classes(Manager.Builder builder) {
    String listed = variables.get(Manager.VALUE_CLASSES_ENV);
    if (listed == null || listed.isBlank()) {
      return;
    }
    for (String entry : listed.split(",")) {
      String[] nameAndId = entry.trim().split("=", 2);
      try {
        Class<?> type = Class.forName(nameAndId[0]);
        builder.register(
            type, nameAndId.length == 2 ? Integer.parseInt(nameAndId[1]) : ValueKryo.nameId(type));
      } catch (ClassNotFoundException | NumberFormatException e) {
        throw new IllegalStateException(
            Manager.VALUE_CLASSES_ENV + " lists " + entry + ", which cannot be registered: " + e,
            e);
      }
    }
  }

  /**
   * Turns TLS on when {@code JMANAGER_TLS_CA} names a file of CAs to trust or {@code JMANAGER_TLS}
   * is {@code true}, and takes a client certificate from {@code JMANAGER_TLS_CERT} and {@code
   * JMANAGER_TLS_KEY}, which go together.
   */
  void tls(Manager.Builder builder) {
    String ca = nonBlank(Manager.TLS_CA_ENV);
    if (ca != null) {
      builder.tls(Path.of(ca));
    } else if ("true".equalsIgnoreCase(nonBlank(Manager.TLS_ENV))) {
      builder.tls();
    }
    String certificate = nonBlank(Manager.TLS_CERT_ENV);
    String key = nonBlank(Manager.TLS_KEY_ENV);
    if ((certificate == null) != (key == null)) {
      throw new IllegalStateException(
          Manager.TLS_CERT_ENV
              + " and "
              + Manager.TLS_KEY_ENV
              + " go together: set both or neither");
    }
    if (certificate != null) {
      builder.tlsClientCertificate(Path.of(certificate), Path.of(key));
    }
  }

  /** Takes the {@code JMANAGER_KEEPALIVE_*} settings that are set; see {@link Keepalive}. */
  void keepalive(Manager.Builder builder) {
    builder.keepalive(builder.keepalive().withEnvironment(variables));
  }

  /** Reads a key file as the daemon does; see {@link Handshake#readKeyFile}. */
  static byte[] readKeyFile(Path file) {
    try {
      return Handshake.readKeyFile(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the authkey file " + file + ": " + e, e);
    }
  }

  /** A variable's value; null when it is unset or blank. */
  private String nonBlank(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? null : value;
  }
}
