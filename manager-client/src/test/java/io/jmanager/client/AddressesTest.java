package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmanager.client.Addresses.Address;
import org.junit.jupiter.api.Test;

class AddressesTest {
  @Test
  void parse_oneHostAndPort_isAListOfOne_writtenAsGiven() {
    Addresses one = Addresses.parse("db-host:50000");

    assertThat(one.list()).containsExactly(new Address("db-host", 50000));
    assertThat(one).hasToString("db-host:50000");
  }

  @Test
  void parse_aList_keepsItsOrder_andDropsTheWhitespaceAroundEntries() {
    Addresses list = Addresses.parse(" h1:50001 ,h2:50002,\th3:50003 ");

    assertThat(list.list())
        .containsExactly(
            new Address("h1", 50001), new Address("h2", 50002), new Address("h3", 50003));
    assertThat(list).hasToString("h1:50001,h2:50002,h3:50003");
  }

  @Test
  void parse_ipv6InBrackets_isHeldBare_andWrittenInBrackets() {
    Addresses list = Addresses.parse("[::1]:50000, [fe80::1%eth0]:50001,10.0.0.1:50002");

    assertThat(list.list())
        .containsExactly(
            new Address("::1", 50000),
            new Address("fe80::1%eth0", 50001),
            new Address("10.0.0.1", 50002));
    assertThat(list).hasToString("[::1]:50000,[fe80::1%eth0]:50001,10.0.0.1:50002");
    assertThat(Addresses.parse(list.toString()).list()).isEqualTo(list.list());
  }

  @Test
  void of_anIpv6Host_withOrWithoutBrackets_isTheSameAddress() {
    assertThat(Addresses.of("::1", 50000)).hasToString("[::1]:50000");
    assertThat(Addresses.of("[::1]", 50000).list()).containsExactly(new Address("::1", 50000));
  }

  @Test
  void parse_anEmptyEntry_isNamedByItsPlace() {
    assertThatThrownBy(() -> Addresses.parse("h1:1,,h2:2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry 2 of the address list \"h1:1,,h2:2\" is empty");
    assertThatThrownBy(() -> Addresses.parse("h1:1, "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry 2");
  }

  @Test
  void parse_anEntryWithoutAPort_isNamed() {
    assertThatThrownBy(() -> Addresses.parse("h1:1, h2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad server address \"h2\" in \"h1:1, h2\": no port: expected host:port");
    assertThatThrownBy(() -> Addresses.parse("h2:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad server address \"h2:\": no port: expected host:port");
    assertThatThrownBy(() -> Addresses.parse("[::1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no port");
  }

  @Test
  void parse_aPortOutOfRangeOrNotANumber_isNamed() {
    assertThatThrownBy(() -> Addresses.parse("h:0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad server address \"h:0\": port must be 1 to 65535, not 0");
    assertThatThrownBy(() -> Addresses.parse("h1:1,h:65536"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"h:65536\"")
        .hasMessageContaining("port must be 1 to 65535");
    for (String bad : new String[] {"h:port", "h:-1", "h:99999999999", "h:+80"}) {
      assertThatThrownBy(() -> Addresses.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"" + bad + "\"")
          .hasMessageContaining("1 to 65535");
    }
  }

  @Test
  void parse_ipv6WithoutBrackets_isRefused_sayingHowToWriteIt() {
    assertThatThrownBy(() -> Addresses.parse("h1:1,::1:50000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "bad server address \"::1:50000\" in \"h1:1,::1:50000\": an IPv6 address must be in"
                + " brackets, as in [::1]:50000");
  }

  @Test
  void parse_aMissingHostOrABadBracket_isNamed() {
    assertThatThrownBy(() -> Addresses.parse(":50000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad server address \":50000\": no host");
    assertThatThrownBy(() -> Addresses.parse("[]:50000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no host");
    assertThatThrownBy(() -> Addresses.parse("[::1:50000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no ']'");
    assertThatThrownBy(() -> Addresses.parse("[::1]50000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no port");
    assertThatThrownBy(() -> Addresses.parse("my host:50000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a host");
  }

  @Test
  void parse_nothing_isRefused() {
    assertThatThrownBy(() -> Addresses.parse(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no server address given");
    assertThatThrownBy(() -> Addresses.parse(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void builder_takesAList_andRefusesABadOne_beforeConnecting() {
    assertThatThrownBy(() -> Manager.builder().addresses("h1:50000,h2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"h2\"");
    assertThatThrownBy(() -> Manager.connect("h1:50000,,h2:50000", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry 2");
    assertThatThrownBy(() -> Manager.builder().address("h1", 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be 1 to 65535, not 65536");
  }
}
