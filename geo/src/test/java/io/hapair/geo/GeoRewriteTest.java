package io.hapair.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeoRewriteTest {

    private static final IpAddress MASTER = IpAddress.parse("10.0.0.1").orElseThrow();
    private static final IpAddress SLAVE = IpAddress.parse("10.0.0.2").orElseThrow();
    private static final GeoRewrite AT_SLAVE = GeoRewrite.atReceiver(MASTER, SLAVE);

    @ParameterizedTest(name = "from {0} to {1}: {2} is stored as {3}")
    @CsvSource({
        "10.0.0.1, 10.0.0.2, 10.0.0.1,      10.0.0.2",
        "10.0.0.1, 10.0.0.2, 10.0.0.2,      10.0.0.1",
        "10.0.0.1, 10.0.0.2, 10.0.0.10,     10.0.0.10",
        "10.0.0.1, 10.0.0.2, 110.0.0.1,     110.0.0.1",
        "10.0.0.1, 10.0.0.2, 10.0.0.3,      10.0.0.3",
        "10.0.0.1, 10.0.0.2, eu-west,       eu-west",
        "10.0.0.1, 10.0.0.2, ::ffff:10.0.0.1, ::ffff:10.0.0.1",
        "fd00::1,  fd00::2,  FD00:0::1,     fd00::2",
        "fd00::1,  fd00::2,  fd00::10,      fd00::10",
        "fd00::1,  fd00::2,  fd00::1:0,     fd00::1:0",
        "fd00::1,  10.0.0.2, fd00::1,       10.0.0.2",
    })
    void onlyAnExactAddressMatchIsSwapped(String sender, String receiver, String target, String stored) {
        GeoRewrite rewrite = GeoRewrite.atReceiver(IpAddress.parse(sender).orElseThrow(),
                IpAddress.parse(receiver).orElseThrow());

        assertThat(rewrite.target(target)).isEqualTo(stored);
    }

    @Test
    void aClusterAtTheMastersAddressIsStoredAtTheSlavesAndBackAgain() {
        GeoCluster atMaster = new GeoCluster("local-pair", "10.0.0.1", GeoCluster.Type.LOCAL, null);

        GeoCluster onSlave = AT_SLAVE.apply(atMaster);

        assertThat(onSlave.address()).isEqualTo("10.0.0.2");
        assertThat(AT_SLAVE.reversed().apply(onSlave)).isEqualTo(atMaster);
    }

    @Test
    void aMappingToEachNodeSwapsSoThatTheReturnTripRestoresBoth() {
        GeoFqdn fqdn = new GeoFqdn("www.example.com", GeoFqdn.Selection.FIXED_WEIGHTING, 10, List.of(
                new GeoMapping("10.0.0.1", 2, true),
                new GeoMapping("10.0.0.2", 1, true),
                new GeoMapping("eu-west", 1, false)), "10.0.0.1");

        GeoFqdn onSlave = AT_SLAVE.apply(fqdn);

        assertThat(onSlave.mappings()).extracting(GeoMapping::target)
                .containsExactly("10.0.0.2", "10.0.0.1", "eu-west");
        assertThat(onSlave.lastResort()).isEqualTo("10.0.0.2");
        assertThat(AT_SLAVE.reversed().apply(onSlave)).isEqualTo(fqdn);
    }

    @Test
    void anFqdnWithoutLastResortKeepsNone() {
        GeoFqdn fqdn = new GeoFqdn("www.example.com", null, null, List.of(), null);

        assertThat(AT_SLAVE.apply(fqdn).lastResort()).isNull();
    }
}
