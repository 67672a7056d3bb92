package io.hapair.node.netconf.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.settings.AdminGateway;
import io.hapair.node.settings.DefaultGateway;
import io.hapair.node.settings.HostReading;
import io.hapair.node.settings.InterfaceAddress;
import io.hapair.node.settings.InterfaceSettings;
import io.hapair.node.settings.InterfaceSettings.SpeedDuplex;
import io.hapair.node.settings.Route;
import io.hapair.node.settings.Vlan;
import io.hapair.node.settings.Vxlan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Readings and warnings against the namespace captured in {@link HostNetworkTest}. */
class NetworkReadingsTest {

    private static final HostNetwork HOST = HostNetworkTest.CAPTURED;

    @Test
    void whatTheHostHasReadsLikeWhatIsStored() {
        NetworkIntent stored = new NetworkIntent(new DefaultGateway("10.0.1.1", "fd00::1"),
                List.of(new InterfaceAddress("eth0", "10.0.1.5", 24)),
                List.of(new InterfaceSettings("eth0", true, SpeedDuplex.AUTO, 1450, List.of("10.0.1.6/24"))),
                List.of(), List.of(new Vxlan("vxlan10", 10, "eth0", "10.0.1.9", 4789, List.of("172.16.10.5/24"))),
                List.of(new Route("to-dc", "10.9.0.0/16", "10.0.1.1", "eth0"),
                        new Route("v6", "fd10::/48", "fd00::1", null)),
                null);

        List<HostReading> readings = NetworkReadings.of(stored, HOST);

        assertThat(readings).filteredOn(r -> r.stored() != null).allMatch(r -> !r.drift(), "no drift")
                .extracting(HostReading::setting, HostReading::item, HostReading::actual).containsExactly(
                        tuple("default-gateway", "ipv4", "10.0.1.1"),
                        tuple("default-gateway", "ipv6", "fd00::1"),
                        tuple("ip-addresses", "eth0", "10.0.1.5/24"),
                        tuple("interfaces", "eth0 link", "up"),
                        tuple("interfaces", "eth0 mtu", "1450"),
                        tuple("interfaces", "eth0 10.0.1.6/24", "10.0.1.6/24"),
                        tuple("vxlans", "vxlan10", "vni 10 remote 10.0.1.9 port 4789 dev eth0"),
                        tuple("vxlans", "vxlan10 172.16.10.5/24", "172.16.10.5/24"),
                        tuple("routes", "to-dc", "10.9.0.0/16 via 10.0.1.1 dev eth0"),
                        tuple("routes", "v6", "fd10::/48 via fd00::1"));
    }

    @Test
    void whatTheHostLacksOrHasOtherwiseIsDrift() {
        NetworkIntent stored = new NetworkIntent(new DefaultGateway("10.0.1.254", null),
                List.of(new InterfaceAddress("eth0", "10.0.1.8", 24)),
                List.of(new InterfaceSettings("eth0", false, SpeedDuplex.MBIT_1000_FULL, 1500, null)),
                List.of(new Vlan("eth0", 100, List.of())), List.of(),
                List.of(new Route("to-dc", "10.9.0.0/16", "10.0.1.2", null)),
                new AdminGateway("eth1", "10.1.0.1"));

        assertThat(NetworkReadings.of(stored, HOST)).filteredOn(r -> r.stored() != null)
                .extracting(HostReading::item, HostReading::stored, HostReading::actual).containsExactly(
                        tuple("ipv4", "10.0.1.254", "10.0.1.1"),
                        tuple("eth0", "10.0.1.8/24", null),
                        tuple("eth0 link", "down", "up"),
                        tuple("eth0 mtu", "1500", "1450"),
                        tuple("eth0 speed-duplex", "1000-full", "10000-full"),
                        tuple("eth0.100", "vlan 100 on eth0", null),
                        tuple("to-dc", "10.9.0.0/16 via 10.0.1.2", null),
                        tuple("eth1", "default via 10.1.0.1 dev eth1 table 1000", null),
                        tuple("eth1 rule 10.1.0.5", "from 10.1.0.5 lookup 1000", null));
    }

    @Test
    void addressesFromDhcpAreShownReadOnlyWithWhereTheyComeFrom() {
        List<HostReading> dhcp = NetworkReadings.of(NetworkIntent.NONE, HOST);

        assertThat(dhcp).containsExactly(
                new HostReading("ip-addresses", "eth0 (DHCP)", null, "10.0.1.7/24", NetworkReadings.DHCP_SOURCE));
        assertThat(NetworkReadings.DHCP_SOURCE).contains("DHCP", "the cloud's NIC configuration");
        NetworkIntent storedToo = new NetworkIntent(null, List.of(new InterfaceAddress("eth0", "10.0.1.7", 24)),
                null, null, null, null, null);
        assertThat(NetworkReadings.of(storedToo, HOST)).as("stored as well: one reading, no drift").containsExactly(
                new HostReading("ip-addresses", "eth0", "10.0.1.7/24", "10.0.1.7/24", "ip -j addr show"));
    }

    @Test
    void aStaticAddressChangeOnAnInterfaceWithDhcpAddressesWarnsThatTheCloudMustMatch() {
        NetworkIntent eth0 = new NetworkIntent(null, List.of(new InterfaceAddress("eth0", "10.0.1.20", 24)),
                null, null, null, null, null);
        NetworkIntent eth1 = new NetworkIntent(null, List.of(new InterfaceAddress("eth1", "10.1.0.20", 24)),
                null, null, null, null, null);

        assertThat(NetworkWarnings.of(NetworkIntent.NONE, eth0, HOST)).singleElement().asString()
                .startsWith("eth0 has its addresses from DHCP (10.0.1.7/24), that is from the cloud's NIC"
                        + " configuration")
                .contains("Azure", "AWS");
        assertThat(NetworkWarnings.of(eth0, NetworkIntent.NONE, HOST)).as("removing one, too").hasSize(1);
        assertThat(NetworkWarnings.of(eth0, eth0, HOST)).as("no change").isEmpty();
        assertThat(NetworkWarnings.of(NetworkIntent.NONE, eth1, HOST)).as("eth1 has no DHCP address").isEmpty();
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
