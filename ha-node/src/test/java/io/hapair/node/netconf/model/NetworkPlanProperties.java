package io.hapair.node.netconf.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.netconf.model.HostNetwork.Address;
import io.hapair.node.settings.AdminGateway;
import io.hapair.node.settings.DefaultGateway;
import io.hapair.node.settings.InterfaceAddress;
import io.hapair.node.settings.InterfaceSettings;
import io.hapair.node.settings.InterfaceSettings.SpeedDuplex;
import io.hapair.node.settings.Route;
import io.hapair.node.settings.Vlan;
import io.hapair.node.settings.Vxlan;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any change between two intents, run on a {@link SimulatedHost} that starts as a cloud VM with DHCP. */
class NetworkPlanProperties {

    private static final HostNetwork BARE = NetworkPlanTest.BARE;

    @Property(tries = 400)
    void afterAChangeTheHostHasWhatTheNewIntentAsksAndDhcpsAddressesAndRoute(
            @ForAll("intents") NetworkIntent from, @ForAll("intents") NetworkIntent to) {
        HostNetwork before = SimulatedHost.apply(NetworkIntent.NONE, from, BARE);

        HostNetwork after = SimulatedHost.apply(from, to, before);

        assertThat(NetworkPlan.between(to, to, after)).as("a second apply runs nothing").isEmpty();
        assertThat(NetworkPlan.between(from, to, after)).as("nor does the same change again").isEmpty();
        List<Address> dhcp = BARE.addresses();
        assertThat(after.addresses()).containsAll(dhcp);
        assertThat(after.routes()).contains(BARE.routes().get(0));
    }

    @Property(tries = 400)
    void droppingEverythingLeavesTheHostAsItWas(@ForAll("intents") NetworkIntent from,
                                                @ForAll("intents") NetworkIntent to) {
        HostNetwork changed = SimulatedHost.apply(from, to, SimulatedHost.apply(NetworkIntent.NONE, from, BARE));

        HostNetwork back = SimulatedHost.apply(to, NetworkIntent.NONE, changed);

        assertThat(back.links()).containsExactlyInAnyOrderElementsOf(BARE.links());
        assertThat(back.addresses()).containsExactlyInAnyOrderElementsOf(BARE.addresses());
        assertThat(back.routes()).containsExactlyInAnyOrderElementsOf(BARE.routes());
        assertThat(back.rules()).containsExactlyInAnyOrderElementsOf(BARE.rules());
    }

    @Provide
    Arbitrary<NetworkIntent> intents() {
        Arbitrary<DefaultGateway> gateway = Combinators.combine(
                Arbitraries.of("10.0.1.1", "10.0.1.254").injectNull(0.4),
                Arbitraries.of("fd00::1").injectNull(0.6)).as(DefaultGateway::new).injectNull(0.3);
        Arbitrary<List<InterfaceAddress>> addresses = Combinators.combine(
                Arbitraries.of("10.0.1.5/24", "10.0.1.7/24", "10.0.1.5/16", "10.0.1.4/24").injectNull(0.3),
                Arbitraries.of("10.1.0.5/24", "10.1.0.6/24").injectNull(0.5)).as((eth0, eth1) -> {
                    List<InterfaceAddress> list = new java.util.ArrayList<>();
                    if (eth0 != null) {
                        list.add(address("eth0", eth0));
                    }
                    if (eth1 != null) {
                        list.add(address("eth1", eth1));
                    }
                    return list;
                });
        Arbitrary<List<InterfaceSettings>> interfaces = Combinators.combine(Arbitraries.of(true, false),
                Arbitraries.of(SpeedDuplex.AUTO, SpeedDuplex.MBIT_1000_FULL), Arbitraries.of(1400, 1500, 9000),
                Arbitraries.of("10.0.1.6/24", "10.0.1.8/24", "fd00::6/64").list().uniqueElements().ofMaxSize(2))
                .as((up, speed, mtu, more) -> new InterfaceSettings("eth0", up, speed, mtu, more))
                .list().ofMaxSize(1);
        Arbitrary<List<Vlan>> vlans = Arbitraries.of(100, 200)
                .map(id -> new Vlan("eth0", id, List.of("192.168." + id + ".5/24"))).list().uniqueElements()
                .ofMaxSize(2);
        Arbitrary<List<Vxlan>> vxlans = Arbitraries.of(10, 11)
                .map(vni -> new Vxlan("vxlan10", vni, "eth0", "10.0.1.9", null, List.of("172.16.10.5/24")))
                .list().ofMaxSize(1);
        Arbitrary<List<Route>> routes = Combinators.combine(
                Arbitraries.of("10.0.1.1", "10.0.1.2").injectNull(0.4),
                Arbitraries.of("eth0").injectNull(0.5),
                Arbitraries.of(true, false)).as((gw, dev, second) -> {
                    List<Route> list = new java.util.ArrayList<>();
                    if (gw != null) {
                        list.add(new Route("to-dc", "10.9.0.0/16", gw, dev));
                    }
                    if (second) {
                        list.add(new Route("to-lab", "10.8.0.0/16", "10.0.1.1", null));
                    }
                    return list;
                });
        Arbitrary<AdminGateway> admin = Arbitraries.of("10.1.0.1", "10.1.0.254")
                .map(gw -> new AdminGateway("eth1", gw)).injectNull(0.4);
        return Combinators.combine(gateway, addresses, interfaces, vlans, vxlans, routes, admin)
                .as(NetworkIntent::new);
    }

    private static InterfaceAddress address(String dev, String cidr) {
        String[] parts = cidr.split("/");
        return new InterfaceAddress(dev, parts[0], Integer.parseInt(parts[1]));
    }
}
