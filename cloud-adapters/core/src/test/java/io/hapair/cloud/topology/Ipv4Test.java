package io.hapair.cloud.topology;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class Ipv4Test {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.0.0.0/16,     10.0.1.4,      true",
        "10.0.0.0/16,     10.1.1.4,      false",
        "10.0.1.4,        10.0.1.4,      true",
        "10.0.1.4/32,     10.0.1.5,      false",
        "0.0.0.0/0,       168.63.129.16, true",
        "168.63.129.16/31, 168.63.129.17, true",
        "VirtualNetwork,  10.0.1.4,      false",
        "10.0.0.0/33,     10.0.1.4,      false",
        "10.0.0.0/16,     not-an-ip,     false",
    })
    void prefixContainment(String prefix, String address, boolean expected) {
        assertThat(Ipv4.contains(prefix, address)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is an address: {1}")
    @CsvSource({"10.0.1.4, true", "256.0.0.1, false", "10.0.1, false", "10.0.1.4.5, false", "a.b.c.d, false",
        "'', false"})
    void addressRecognition(String text, boolean expected) {
        assertThat(Ipv4.isAddress(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is a CIDR prefix: {1}")
    @CsvSource({"10.0.0.0/16, true", "0.0.0.0/0, true", "10.0.0.5/32, true", "10.0.0.5, false", "10.0.0.0/33, false",
        "10.0.0.0/016, false", "10.0.0.0/, false", "/16, false", "fd00::/64, false", "sg-0123456789abcdef0, false"})
    void prefixRecognition(String text, boolean expected) {
        assertThat(Ipv4.isPrefix(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"010.0.1.4", " 10.0.1.4", "10.0.1.4 ", "10.1", "0x0a.0.1.4", "10.0.1.*", "10.0.1.4-5",
        "\u0661\u0660.0.1.4", "::ffff:10.0.1.4", "localhost"})
    void onlyPlainDottedQuadsAreAddresses(String text) {
        assertThat(Ipv4.isAddress(text)).isFalse();
        assertThat(Ipv4.contains("0.0.0.0/0", text)).isFalse();
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({"10.0.1.4/16, 10.0.200.9, true", "10.0.1.4/16, 10.1.0.1, false", "10.0.1.4/32, 10.0.1.4, true"})
    void hostBitsOfAPrefixAreIgnored(String prefix, String address, boolean expected) {
        assertThat(Ipv4.contains(prefix, address)).isEqualTo(expected);
    }
}
