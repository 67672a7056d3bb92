package io.hapair.geo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpPrefixTest {

    @ParameterizedTest(name = "{0} is spelled {1}, a network: {2}")
    @CsvSource({
        "10.1.0.0/16,            10.1.0.0/16,     true",
        "10.0.1.5/24,            10.0.1.5/24,     false",
        "0.0.0.0/0,              0.0.0.0/0,       true",
        "2001:DB8:0::/32,        2001:db8::/32,   true",
        "fd00::5/64,             fd00::5/64,      false",
        "::/0,                   ::/0,            true",
        "10.1.2.3/32,            10.1.2.3/32,     true",
    })
    void aPrefixIsReadInCanonicalFormAndKnowsWhetherItIsANetwork(String text, String canonical, boolean network) {
        IpPrefix prefix = IpPrefix.parse(text).orElseThrow();

        assertThat(prefix).hasToString(canonical);
        assertThat(prefix.isNetwork()).isEqualTo(network);
    }

    @ParameterizedTest(name = "{0} is not a prefix")
    @ValueSource(strings = {"", "10.1.0.0", "10.1.0.0/", "10.1.0.0/33", "10.1.0.0/016", "10.1.0.0/-1",
        "10.1.0.0/1a", "fd00::/129", "fd00::/1000", "eu-west/16", "/16"})
    void nonPrefixesAreRefused(String text) {
        assertThat(IpPrefix.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.1.0.0/16,      10.1.255.7,      true",
        "10.1.0.0/16,      10.2.0.1,        false",
        "0.0.0.0/0,        192.0.2.1,       true",
        "0.0.0.0/0,        fd00::1,         false",
        "2001:db8::/32,    2001:db8:5::1,   true",
        "2001:db8::/32,    2001:db9::1,     false",
        "::/0,             10.0.0.1,        false",
        "10.0.1.5/24,      10.0.1.200,      true",
    })
    void aNetworkContainsTheAddressesOfItsFamilyThatShareItsPrefix(String prefix, String address, boolean contains) {
        assertThat(IpPrefix.parse(prefix).orElseThrow().contains(IpAddress.parse(address).orElseThrow()))
                .isEqualTo(contains);
    }

    @ParameterizedTest(name = "''{0}'' is not a prefix")
    @ValueSource(strings = {" 10.1.0.0/16", "10.1.0.0/16 ", "10.1.0.0/00", "10.1.0.0/255.255.0.0", "fd00::1%eth0/64",
        "10.1.*.*/16", "10.1/16"})
    void onlyAPlainLiteralWithAPlainLengthIsAPrefix(String text) {
        assertThat(IpPrefix.parse(text)).isEmpty();
        assertThat(IpPrefix.canonical(text)).isEqualTo(text);
    }
}
