package io.hapair.geo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest(name = "{0} is spelled canonically as {1}")
    @CsvSource({
        "10.0.0.1,                         10.0.0.1",
        "0.0.0.0,                          0.0.0.0",
        "255.255.255.255,                  255.255.255.255",
        "fd00::1,                          fd00::1",
        "FD00:0::1,                        fd00::1",
        "fd00:0000:0000:0000:0000:0000:0000:0001, fd00::1",
        "2001:db8:0:0:1:0:0:1,             2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1,             2001:db8:0:1:1:1:1:1",
        "2001:0db8::0001,                  2001:db8::1",
        "::,                               ::",
        "::1,                              ::1",
        "1::,                              1::",
        "::ffff:10.0.0.1,                  ::ffff:10.0.0.1",
        "::ffff:a00:1,                     ::ffff:10.0.0.1",
        "64:ff9b::192.0.2.33,              64:ff9b::c000:221",
    })
    void canonicalTextFollowsRfc5952(String text, String canonical) {
        assertThat(IpAddress.parse(text)).hasValueSatisfying(a -> assertThat(a).hasToString(canonical));
    }

    @ParameterizedTest(name = "{0} is not an address")
    @ValueSource(strings = {"", "10.0.0", "10.0.0.1.1", "10.0.0.256", "10.0.0.01", "10.0.0.1.", ".10.0.0.1",
        "10.0.0.-1", "a.b.c.d", "lb.example.com", "fd00:::1", "fd00::1::2", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7", "1:2:3:4:5:6:7::8", "fd00::1%eth0", "[fd00::1]", "fd00::12345", "g::1",
        "1.2.3.4::", "::1.2.3", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "fd00::\u0661"})
    void nonLiteralsAreRefused(String text) {
        assertThat(IpAddress.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} equals {1}: {2}")
    @CsvSource({
        "fd00::1,          FD00:0::1,       true",
        "fd00::1,          fd00::10,        false",
        "10.0.0.1,         10.0.0.10,       false",
        "10.0.0.1,         ::ffff:10.0.0.1, false",
        "::ffff:10.0.0.1,  ::FFFF:a00:1,    true",
    })
    void equalityIsByValueWithinAFamily(String a, String b, boolean equal) {
        assertThat(IpAddress.parse(a).orElseThrow().equals(IpAddress.parse(b).orElseThrow())).isEqualTo(equal);
    }

    @ParameterizedTest(name = "canonical({0}) leaves a non-literal as it is")
    @ValueSource(strings = {"eu-west", "10.0.0.01", "lb.example.com"})
    void canonicalLeavesNamesAlone(String text) {
        assertThat(IpAddress.canonical(text)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}/{1} is in network {2}")
    @CsvSource({
        "10.1.2.3,        8,   10.0.0.0",
        "10.1.2.3,        32,  10.1.2.3",
        "10.1.2.3,        0,   0.0.0.0",
        "192.168.7.200,   25,  192.168.7.128",
        "fd00:1:2:3::5,   64,  fd00:1:2:3::",
        "fd00:1:2:3::5,   48,  fd00:1:2::",
        "fd00:1:2:3:4::5, 72,  fd00:1:2:3::",
        "fd00::5,         128, fd00::5",
        "fd00::5,         0,   ::",
    })
    void networkClearsTheHostBits(String address, int prefixLength, String network) {
        assertThat(IpAddress.parse(address).orElseThrow().network(prefixLength)).hasToString(network);
    }

    @ParameterizedTest(name = "{0} and {1} share {2} leading bits")
    @CsvSource({
        "10.1.0.0,   10.1.0.0,    32",
        "10.1.0.0,   10.2.0.0,    14",
        "10.3.0.0,   10.2.0.0,    15",
        "0.0.0.0,    128.0.0.0,   0",
        "10.0.0.0,   10.0.0.1,    31",
        "fd00::,     fd00::,      128",
        "fd00::,     fd00::1,     127",
        "fd00::,     fd01::,      15",
        "2001:db8::, 2001:db8:8::, 44",
    })
    void commonPrefixLengthCountsTheLeadingBitsTwoAddressesShare(String a, String b, int bits) {
        assertThat(IpAddress.parse(a).orElseThrow().commonPrefixLength(IpAddress.parse(b).orElseThrow()))
                .isEqualTo(bits);
    }

    @ParameterizedTest(name = "''{0}'' is not an address")
    @ValueSource(strings = {" 10.0.0.1", "10.0.0.1 ", "fd00::1\n", "::ffff:010.0.0.1", "10.1", "0x0a.0.0.1",
        "0b1010.0.0.1", "10.0.0.*", "10.0.0.1-2", "*", "fd00::1/64", "10.0.0.1/255.0.0.0"})
    void onlyThePlainLiteralIsAnAddress(String text) {
        assertThat(IpAddress.parse(text)).isEmpty();
        assertThat(IpAddress.canonical(text)).isEqualTo(text);
    }
}
