package io.hapair.node.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostReadingTest {

    @Test
    void aHostThatHasWhatIsStoredShowsNoDrift() {
        assertThat(new HostReading("routes", "to-dc", "10.9.0.0/16 via 10.0.0.1", "10.9.0.0/16 via 10.0.0.1",
                "ip -j route").drift()).isFalse();
    }

    @Test
    void aHostThatLacksOrDiffersFromTheStoredSettingShowsDrift() {
        assertThat(new HostReading("routes", "to-dc", "10.9.0.0/16 via 10.0.0.1", null, "ip -j route").drift()).isTrue();
        assertThat(new HostReading("interfaces", "eth0 mtu", "9000", "1500", "ip -j link").drift()).isTrue();
    }

    @Test
    void aHostValueTheNodeWasNotAskedToSetIsShownWithoutDrift() {
        assertThat(new HostReading("ip-addresses", "eth0", null, "10.0.0.4/24", "DHCP").drift()).isFalse();
    }
}
