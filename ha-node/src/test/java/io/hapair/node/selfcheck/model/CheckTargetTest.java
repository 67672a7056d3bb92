package io.hapair.node.selfcheck.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckTargetTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gateway|GATEWAY||0|gateway",
        "GATEWAY|GATEWAY||0|gateway",
        "icmp:10.0.0.1|ICMP|10.0.0.1|0|icmp:10.0.0.1",
        "icmp:FD00::1|ICMP|fd00::1|0|icmp:fd00::1",
        "tcp:10.0.0.9:443|TCP|10.0.0.9|443|tcp:10.0.0.9:443",
        "tcp:[fd00::9]:80|TCP|fd00::9|80|tcp:[fd00::9]:80",
    })
    void eachFormReadsAsItsKindAddressAndPortAndNamesItselfCanonically(String entry, CheckTarget.Kind kind,
            String address, int port, String key) {
        CheckTarget t = CheckTarget.parse(entry);

        assertThat(t.kind()).isEqualTo(kind);
        assertThat(t.address()).isEqualTo(address);
        assertThat(t.port()).isEqualTo(port);
        assertThat(t.key()).isEqualTo(key);
    }

    @Test
    void anEmptyListTurnsTheSelfCheckOff() {
        assertThat(CheckTarget.parseList(null)).isEmpty();
        assertThat(CheckTarget.parseList("  ")).isEmpty();
    }

    @Test
    void aListKeepsItsOrderAndRefusesTheSameTargetSpelledTwice() {
        assertThat(CheckTarget.parseList("tcp:10.0.0.9:80, gateway")).extracting(CheckTarget::key)
                .containsExactly("tcp:10.0.0.9:80", "gateway");
        assertThatThrownBy(() -> CheckTarget.parseList("icmp:fd00::1, icmp:FD00:0::1"))
                .hasMessageContaining("lists icmp:fd00::1 twice");
    }

    @Test
    void anEmptyEntryIsNamedWithTheFormsThatWork() {
        assertThatThrownBy(() -> CheckTarget.parseList("gateway,,icmp:10.0.0.1"))
                .hasMessage("entry '' is no target; use gateway, icmp:ADDRESS or tcp:ADDRESS:PORT (tcp:[IPv6]:PORT)");
    }
}
