package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The JMANAGER_* variables, read as a child JVM or a container reads them. */
class EnvironmentSettingsIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  private String address() {
    return "127.0.0.1:" + server.port();
  }

  private Manager connect(Map<String, String> variables) {
    Manager.Builder builder = Manager.builder();
    new EnvironmentSettings(variables).applyTo(builder);
    return server.track(builder.connect());
  }

  @Test
  void theBase64Key_comesBeforeTheTextKey_andTheAddressIsHostColonPort() {
    Manager manager =
        connect(
            Map.of(
                Manager.ADDRESS_ENV, address(),
                Manager.AUTHKEY_BASE64_ENV, Base64.getEncoder().encodeToString(ServerExtension.KEY),
                Manager.AUTHKEY_ENV, "not-the-key"));

    assertThat(manager.<String, String>dict("env").put("a", "1")).isNull();
  }

  @Test
  void theKeyFile_isRead_withoutItsTrailingNewline_whenNoOtherKeyIsSet(@TempDir Path folder)
      throws Exception {
    Path file = folder.resolve("authkey");
    Files.write(
        file,
        (new String(ServerExtension.KEY, StandardCharsets.UTF_8) + "\n")
            .getBytes(StandardCharsets.UTF_8));

    Manager manager =
        connect(Map.of(Manager.ADDRESS_ENV, address(), Manager.AUTHKEY_FILE_ENV, file.toString()));

    assertThat(manager.<String, String>dict("env").put("b", "2")).isNull();
  }

  @Test
  void aMissingOrMalformedAddress_isAnIllegalStateException_namingTheVariable() {
    assertThatThrownBy(() -> connect(Map.of()))
        .isInstanceOf(NoManagerSettingsException.class)
        .hasMessageContaining(Manager.ADDRESS_ENV + " is not set");
    assertThatThrownBy(() -> connect(Map.of(Manager.ADDRESS_ENV, "127.0.0.1:port")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Manager.ADDRESS_ENV + " must be host:port")
        .hasMessageContaining("\"127.0.0.1:port\"");
    assertThatThrownBy(() -> connect(Map.of(Manager.ADDRESS_ENV, address() + ",h2")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("or a comma-separated list of them")
        .hasMessageContaining("bad server address \"h2\"");
  }

  @Test
  void anAddressList_isTriedInOrder_andKeptWhole() throws Exception {
    String list = FollowerStub.nobody() + ", " + address();

    Manager manager =
        connect(
            Map.of(
                Manager.ADDRESS_ENV,
                list,
                Manager.AUTHKEY_BASE64_ENV,
                Base64.getEncoder().encodeToString(ServerExtension.KEY)));

    assertThat(manager.<String, String>dict("env").put("c", "3")).isNull();
    assertThat(manager.address()).isEqualTo(list.replace(" ", ""));
  }

  @Test
  void aClientCertificateWithoutItsKey_isRefused_beforeConnecting() {
    Map<String, String> variables =
        Map.of(Manager.ADDRESS_ENV, address(), Manager.TLS_CERT_ENV, "client.pem");

    assertThatThrownBy(() -> connect(variables))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Manager.TLS_CERT_ENV + " and " + Manager.TLS_KEY_ENV);
  }

  @Test
  void aListedClassThatCannotBeLoaded_isNamed() {
    Map<String, String> variables =
        Map.of(Manager.ADDRESS_ENV, address(), Manager.VALUE_CLASSES_ENV, "no.such.Type=200");

    assertThatThrownBy(() -> connect(variables))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no.such.Type=200");
  }

  @Test
  void keepalive_takesTheVariablesThatAreSet_andKeepsTheRest() {
    Manager.Builder builder = Manager.builder();

    new EnvironmentSettings(Map.of(Manager.KEEPALIVE_COUNT_ENV, "7")).keepalive(builder);

    assertThat(builder.keepalive())
        .isEqualTo(
            new Keepalive(Keepalive.DEFAULT.idleSeconds(), Keepalive.DEFAULT.intervalSeconds(), 7));
  }
}
