package io.hapair.node.netconf.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.netconf.model.HostNetwork.Address;
import io.hapair.node.netconf.model.HostNetwork.Link;
import io.hapair.node.netconf.model.HostNetwork.RouteEntry;
import io.hapair.node.netconf.model.HostNetwork.Rule;
import io.hapair.node.settings.AdminGateway;
import io.hapair.node.settings.DefaultGateway;
import io.hapair.node.settings.InterfaceAddress;
import io.hapair.node.settings.InterfaceSettings;
import io.hapair.node.settings.InterfaceSettings.SpeedDuplex;
import io.hapair.node.settings.Route;
import io.hapair.node.settings.Vlan;
import io.hapair.node.settings.Vxlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkPlanTest {

    static final Link ETH0 = new Link("eth0", null, null, null, null, null, null, null, 1500, true, "auto");
    static final Link ETH1 = new Link("eth1", null, null, null, null, null, null, null, 1500, true, "auto");
    /** A cloud VM: eth0 with its address from DHCP and the DHCP default route; eth1 for administration. */
    static final HostNetwork BARE = new HostNetwork(List.of(ETH0, ETH1),
            List.of(new Address("eth0", "10.0.1.4", 24, true, true), new Address("eth1", "10.1.0.4", 24, true, true)),
            List.of(new RouteEntry("default", "10.0.1.1", "eth0", "main", false, "dhcp"),
                    new RouteEntry("10.0.1.0/24", null, "eth0", "main", false, "kernel"),
                    new RouteEntry("10.1.0.0/24", null, "eth1", "main", false, "kernel")),
            List.of(new Rule(0, "all", "local", false), new Rule(32766, "all", "main", false)));

    static final NetworkIntent FULL = new NetworkIntent(new DefaultGateway("10.0.1.254", null),
            List.of(new InterfaceAddress("eth0", "10.0.1.5", 24)),
            List.of(new InterfaceSettings("eth0", true, SpeedDuplex.AUTO, 1450, List.of("10.0.1.6/24"))),
            List.of(new Vlan("eth0", 100, List.of("192.168.100.5/24"))),
            List.of(new Vxlan("vxlan10", 10, "eth0", "10.0.1.9", 4789, List.of("172.16.10.5/24"))),
            List.of(new Route("to-dc", "10.9.0.0/16", "10.0.1.1", "eth0")),
            new AdminGateway("eth1", "10.1.0.1"));

    @Test
    void everythingIsCreatedThenSetUpThenAddressedThenRoutedWithNothingRemoved() {
        List<String> plan = text(NetworkPlan.between(NetworkIntent.NONE, FULL, BARE));

        assertThat(plan).containsExactly(
                "ip link add link eth0 name eth0.100 type vlan id 100",
                "ip link add vxlan10 type vxlan id 10 remote 10.0.1.9 dstport 4789 dev eth0",
                "ip link set dev eth0 mtu 1450",
                "ip link set dev eth0.100 up",
                "ip link set dev vxlan10 up",
                "ip addr add 10.0.1.5/24 dev eth0",
                "ip addr add 10.0.1.6/24 dev eth0",
                "ip addr add 192.168.100.5/24 dev eth0.100",
                "ip addr add 172.16.10.5/24 dev vxlan10",
                "ip route add 10.9.0.0/16 via 10.0.1.1 dev eth0 proto static",
                "ip -4 route replace default via 10.0.1.254 proto static",
                "ip -4 route replace default via 10.1.0.1 dev eth1 table 1000 proto static",
                "ip -4 rule add from 10.1.0.4 lookup 1000 priority 1000");
    }

    @Test
    void aHostThatHasWhatTheIntentAsksGetsNoCommand() {
        HostNetwork converged = new HostNetwork(
                List.of(new Link("eth0", null, null, null, null, null, null, null, 1450, true, "auto"), ETH1,
                        new Link("eth0.100", "vlan", "eth0", 100, null, null, null, null, 1450, true, null),
                        new Link("vxlan10", "vxlan", null, null, 10, "10.0.1.9", 4789, "eth0", 1400, true, null)),
                List.of(new Address("eth0", "10.0.1.4", 24, true, true), new Address("eth0", "10.0.1.5", 24, false, true),
                        new Address("eth0", "10.0.1.6", 24, false, true), new Address("eth1", "10.1.0.4", 24, true, true),
                        new Address("eth0.100", "192.168.100.5", 24, false, true),
                        new Address("vxlan10", "172.16.10.5", 24, false, true)),
                List.of(new RouteEntry("default", "10.0.1.1", "eth0", "main", false, "dhcp"),
                        new RouteEntry("default", "10.0.1.254", "eth0", "main", false, "static"),
                        new RouteEntry("10.9.0.0/16", "10.0.1.1", "eth0", "main", false, "static"),
                        new RouteEntry("default", "10.1.0.1", "eth1", "1000", false, "static")),
                List.of(new Rule(1000, "10.1.0.4", "1000", false), new Rule(32766, "all", "main", false)));

        assertThat(NetworkPlan.between(FULL, FULL, converged)).isEmpty();
        assertThat(NetworkPlan.between(NetworkIntent.NONE, FULL, converged)).as("nothing to do, whatever set it")
                .isEmpty();
    }

    @Test
    void droppingEverythingRemovesRoutesThenRulesThenAddressesThenInterfacesAndLeavesDhcpAlone() {
        HostNetwork host = new HostNetwork(
                List.of(new Link("eth0", null, null, null, null, null, null, null, 1450, true, "auto"), ETH1,
                        new Link("eth0.100", "vlan", "eth0", 100, null, null, null, null, 1450, true, null),
                        new Link("vxlan10", "vxlan", null, null, 10, "10.0.1.9", 4789, "eth0", 1400, true, null)),
                List.of(new Address("eth0", "10.0.1.4", 24, true, true), new Address("eth0", "10.0.1.5", 24, false, true),
                        new Address("eth0", "10.0.1.6", 24, false, true), new Address("eth0", "10.0.1.8", 24, false, true),
                        new Address("eth1", "10.1.0.4", 24, true, true)),
                List.of(new RouteEntry("default", "10.0.1.1", "eth0", "main", false, "dhcp"),
                        new RouteEntry("default", "10.0.1.254", "eth0", "main", false, "static"),
                        new RouteEntry("10.9.0.0/16", "10.0.1.1", "eth0", "main", false, "static"),
                        new RouteEntry("10.8.0.0/16", "10.0.1.1", "eth0", "main", false, null),
                        new RouteEntry("default", "10.1.0.1", "eth1", "1000", false, "static")),
                List.of(new Rule(1000, "10.1.0.4", "1000", false), new Rule(32766, "all", "main", false)));

        List<String> plan = text(NetworkPlan.between(FULL, NetworkIntent.NONE, host));

        // Addresses latest first: deleting 10.0.1.5 first would take 10.0.1.6 with it, and its own delete would fail.
        assertThat(plan).as("10.0.1.8/24, 10.8.0.0/16 and the DHCP default route were not the node's").containsExactly(
                "ip link set dev eth0 mtu 1500",
                "ip route del 10.9.0.0/16 via 10.0.1.1 dev eth0 proto static",
                "ip -4 route del default via 10.0.1.254 proto static",
                "ip -4 route del default via 10.1.0.1 dev eth1 table 1000",
                "ip -4 rule del from 10.1.0.4 lookup 1000 priority 1000",
                "ip addr del 10.0.1.6/24 dev eth0",
                "ip addr del 10.0.1.5/24 dev eth0",
                "ip link del eth0.100",
                "ip link del vxlan10");
    }

    @Test
    void aReplacedAddressGoesOnlyAfterItsSuccessorIsInPlace() {
        HostNetwork host = new HostNetwork(List.of(ETH0),
                List.of(new Address("eth0", "10.0.1.5", 24, false, true)), List.of(), List.of());
        NetworkIntent before = intent(new InterfaceAddress("eth0", "10.0.1.5", 24));
        NetworkIntent after = intent(new InterfaceAddress("eth0", "10.0.1.7", 24));

        assertThat(text(NetworkPlan.between(before, after, host))).containsExactly(
                "ip addr add 10.0.1.7/24 dev eth0",
                "ip addr del 10.0.1.5/24 dev eth0");
    }

    @Test
    void anAddressWhosePrefixLengthChangesIsDeletedJustBeforeItIsAddedAgain() {
        HostNetwork host = new HostNetwork(List.of(ETH0),
                List.of(new Address("eth0", "fd00::5", 64, false, true)), List.of(), List.of());

        assertThat(text(NetworkPlan.between(intent(new InterfaceAddress("eth0", "fd00::5", 64)),
                intent(new InterfaceAddress("eth0", "fd00::5", 48)), host))).containsExactly(
                "ip addr del fd00::5/64 dev eth0",
                "ip addr add fd00::5/48 dev eth0");
    }

    @Test
    void anAddressTheHostHasFromDhcpIsNeverDeleted() {
        NetworkIntent same = intent(new InterfaceAddress("eth0", "10.0.1.4", 24));

        assertThat(NetworkPlan.between(same, same, BARE)).as("the host has it already").isEmpty();
        assertThat(NetworkPlan.between(same, NetworkIntent.NONE, BARE)).as("dropped, but DHCP's").isEmpty();
    }

    @Test
    void aRouteToTheSameDestinationByAnotherGatewayReplacesTheOldOneInOneStep() {
        HostNetwork host = new HostNetwork(List.of(ETH0), List.of(),
                List.of(new RouteEntry("10.9.0.0/16", "10.0.1.1", "eth0", "main", false, "static")), List.of());
        NetworkIntent before = routes(new Route("to-dc", "10.9.0.0/16", "10.0.1.1", null));
        NetworkIntent after = routes(new Route("to-dc", "10.9.0.0/16", "10.0.1.2", null));

        assertThat(text(NetworkPlan.between(before, after, host)))
                .containsExactly("ip route replace 10.9.0.0/16 via 10.0.1.2 proto static");
    }

    @Test
    void aRouteTheNewIntentAlsoSetsStaysThoughSpelledWithoutItsInterface() {
        HostNetwork host = new HostNetwork(List.of(ETH0), List.of(),
                List.of(new RouteEntry("10.9.0.0/16", "10.0.1.1", "eth0", "main", false, "static")), List.of());

        assertThat(NetworkPlan.between(routes(new Route("to-dc", "10.9.0.0/16", "10.0.1.1", "eth0")),
                routes(new Route("to-dc", "10.9.0.0/16", "10.0.1.1", null)), host)).isEmpty();
    }

    @Test
    void theDefaultGatewayIsReplacedAndItsRemovalLeavesTheDhcpDefaultRoute() {
        NetworkIntent v4 = gateway(new DefaultGateway("10.0.1.254", null));
        NetworkIntent v6 = gateway(new DefaultGateway(null, "fd00::1"));
        HostNetwork withOurs = new HostNetwork(BARE.links(), BARE.addresses(), List.of(
                new RouteEntry("default", "10.0.1.1", "eth0", "main", false, "dhcp"),
                new RouteEntry("default", "10.0.1.254", "eth0", "main", false, "static")), List.of());

        assertThat(text(NetworkPlan.between(NetworkIntent.NONE, v4, BARE)))
                .containsExactly("ip -4 route replace default via 10.0.1.254 proto static");
        assertThat(NetworkPlan.between(gateway(new DefaultGateway("10.0.1.1", null)), NetworkIntent.NONE, BARE))
                .as("the same gateway as DHCP's: that route is not the node's to remove").isEmpty();
        assertThat(text(NetworkPlan.between(v4, gateway(new DefaultGateway("10.0.1.1", null)), withOurs)))
                .as("DHCP's gateway is there already: the node's own goes").containsExactly(
                        "ip -4 route del default via 10.0.1.254 proto static");
        assertThat(text(NetworkPlan.between(v4, v6, withOurs))).containsExactly(
                "ip -6 route replace default via fd00::1 proto static",
                "ip -4 route del default via 10.0.1.254 proto static");
    }

    @Test
    void theAdminTableHoldsOnlyWhatTheIntentAsksAndItsRulesFollowTheInterfacesAddresses() {
        HostNetwork host = new HostNetwork(BARE.links(),
                List.of(new Address("eth1", "10.1.0.4", 24, true, true), new Address("eth1", "10.1.0.9", 24, false, true),
                        new Address("eth1", "fd01::4", 64, false, true)),
                List.of(new RouteEntry("default", "10.1.0.254", "eth1", "1000", false, "static")),
                List.of(new Rule(1000, "10.1.0.9", "1000", false), new Rule(1000, "10.1.0.77", "1000", false)));
        NetworkIntent before = new NetworkIntent(null, List.of(new InterfaceAddress("eth1", "10.1.0.9", 24)),
                List.of(), List.of(), List.of(), List.of(), new AdminGateway("eth1", "10.1.0.254"));
        NetworkIntent after = new NetworkIntent(null, List.of(new InterfaceAddress("eth1", "10.1.0.5", 24)),
                List.of(), List.of(), List.of(), List.of(), new AdminGateway("eth1", "10.1.0.1"));

        assertThat(text(NetworkPlan.between(before, after, host))).containsExactly(
                "ip addr add 10.1.0.5/24 dev eth1",
                "ip -4 route replace default via 10.1.0.1 dev eth1 table 1000 proto static",
                "ip -4 rule add from 10.1.0.5 lookup 1000 priority 1000",
                "ip -4 rule add from 10.1.0.4 lookup 1000 priority 1000",
                "ip -4 rule del from 10.1.0.9 lookup 1000 priority 1000",
                "ip -4 rule del from 10.1.0.77 lookup 1000 priority 1000",
                "ip addr del 10.1.0.9/24 dev eth1");
    }

    @Test
    void aForcedSpeedIsSetWithEthtoolAndAutoIsAskedOnlyWhenLeavingAForcedOne() {
        NetworkIntent forced = interfaces(new InterfaceSettings("eth0", true, SpeedDuplex.MBIT_1000_FULL, 1500, null));
        NetworkIntent auto = interfaces(new InterfaceSettings("eth0", true, SpeedDuplex.AUTO, 1500, null));
        HostNetwork atForced = new HostNetwork(List.of(
                new Link("eth0", null, null, null, null, null, null, null, 1500, true, "1000-full")),
                List.of(), List.of(), List.of());
        HostNetwork unknown = new HostNetwork(List.of(
                new Link("eth0", "veth", null, null, null, null, null, null, 1500, true, null)),
                List.of(), List.of(), List.of());

        assertThat(text(NetworkPlan.between(auto, forced, BARE)))
                .containsExactly("ethtool -s eth0 speed 1000 duplex full autoneg off");
        assertThat(NetworkPlan.between(forced, forced, atForced)).isEmpty();
        assertThat(text(NetworkPlan.between(forced, auto, atForced))).containsExactly("ethtool -s eth0 autoneg on");
        assertThat(NetworkPlan.between(auto, auto, unknown)).as("a NIC that cannot negotiate is left alone").isEmpty();
    }

    @Test
    void aVxlanWhoseIdentifierChangesIsMadeAgainAndGetsItsAddressesBack() {
        HostNetwork host = new HostNetwork(List.of(ETH0,
                new Link("vxlan10", "vxlan", null, null, 10, "10.0.1.9", 4789, "eth0", 1400, true, null)),
                List.of(new Address("vxlan10", "172.16.10.5", 24, false, true)), List.of(), List.of());
        NetworkIntent before = vxlan(new Vxlan("vxlan10", 10, "eth0", "10.0.1.9", null, List.of("172.16.10.5/24")));
        NetworkIntent after = vxlan(new Vxlan("vxlan10", 11, "eth0", "10.0.1.9", null, List.of("172.16.10.5/24")));

        assertThat(text(NetworkPlan.between(before, after, host))).containsExactly(
                "ip link del vxlan10",
                "ip link add vxlan10 type vxlan id 11 remote 10.0.1.9 dstport 4789 dev eth0",
                "ip link set dev vxlan10 up",
                "ip addr add 172.16.10.5/24 dev vxlan10");
    }

    static List<String> text(List<Command> commands) {
        List<String> lines = new ArrayList<>();
        commands.forEach(c -> lines.add(c.toString()));
        return lines;
    }

    static NetworkIntent intent(InterfaceAddress... addresses) {
        return new NetworkIntent(null, List.of(addresses), null, null, null, null, null);
    }

    static NetworkIntent routes(Route... routes) {
        return new NetworkIntent(null, null, null, null, null, List.of(routes), null);
    }

    static NetworkIntent gateway(DefaultGateway gateway) {
        return new NetworkIntent(gateway, null, null, null, null, null, null);
    }

    static NetworkIntent interfaces(InterfaceSettings... settings) {
        return new NetworkIntent(null, null, List.of(settings), null, null, null, null);
    }

    static NetworkIntent vxlan(Vxlan vxlan) {
        return new NetworkIntent(null, null, null, null, List.of(vxlan), null, null);
    }
}
