package io.hapair.node.netconf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hapair.node.netconf.model.HostNetwork.Address;
import io.hapair.node.netconf.model.HostNetwork.Link;
import io.hapair.node.netconf.model.HostNetwork.RouteEntry;
import io.hapair.node.netconf.model.HostNetwork.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The host as iproute2 6.1 and ethtool 6.1 (Debian 12) showed it, captured in a network namespace: veths eth0
 * (MTU 1450, with 10.0.1.5/24, 10.0.1.6/24 and 10.0.1.7/24 with a lease) and eth1 (10.1.0.5/24, fd00::5/64), a
 * VXLAN vxlan10, a route, default gateways for both families, and table 200 with its rule.
 */
class HostNetworkTest {

    static final HostNetwork CAPTURED = HostNetwork.parse(captured(), Map.of("eth0", resource("ethtool-veth.txt")));

    static HostNetwork.IpOutput captured() {
        return new HostNetwork.IpOutput(resource("links.json"), resource("addresses.json"), resource("routes4.json"),
                resource("routes6.json"), resource("rules4.json"), resource("rules6.json"));
    }

    static String resource(String name) {
        try (InputStream in = HostNetworkTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void linksCarryTheirKindMtuStateAndTheVxlansEndpoints() {
        assertThat(CAPTURED.link("eth0")).contains(
                new Link("eth0", "veth", null, null, null, null, null, null, 1450, true, "10000-full"));
        assertThat(CAPTURED.link("vxlan10")).contains(
                new Link("vxlan10", "vxlan", null, null, 10, "10.0.1.9", 4789, "eth0", 1400, true, null));
        assertThat(CAPTURED.link("lo").orElseThrow().up()).as("lo was never set up in the namespace").isFalse();
        assertThat(CAPTURED.link("eth9")).isEmpty();
    }

    @Test
    void aVlanHasItsParentAndTag() {
        // This machine's kernel has no 802.1Q module, so the VLAN is in iproute2's shape (ip/iplink_vlan.c), trimmed.
        String links = "[{\"ifindex\":7,\"link\":\"eth0\",\"ifname\":\"eth0.100\",\"flags\":[\"BROADCAST\",\"UP\"],"
                + "\"mtu\":1500,\"linkinfo\":{\"info_kind\":\"vlan\",\"info_data\":{\"protocol\":\"802.1Q\",\"id\":100,"
                + "\"flags\":[\"REORDER_HDR\"]}}}]";
        HostNetwork host = HostNetwork.parse(new HostNetwork.IpOutput(links, "[]", "[]", "[]", "[]", "[]"), Map.of());

        assertThat(host.link("eth0.100")).contains(
                new Link("eth0.100", "vlan", "eth0", 100, null, null, null, null, 1500, true, null));
    }

    @Test
    void addressesSayWhetherTheyHaveALeaseAndWhetherTheyAreGlobal() {
        assertThat(CAPTURED.addressesOn("eth0")).containsExactly(
                new Address("eth0", "10.0.1.5", 24, false, true),
                new Address("eth0", "10.0.1.6", 24, false, true),
                new Address("eth0", "10.0.1.7", 24, true, true),
                new Address("eth0", "fe80::e02a:32ff:fe5c:5bc7", 64, false, false));
        assertThat(CAPTURED.addressesOn("eth1")).extracting(Address::cidr)
                .contains("10.1.0.5/24", "fd00::5/64");
    }

    @Test
    void routesOfEveryTableButTheKernelsLocalOneAreRead() {
        assertThat(CAPTURED.routes()).contains(
                new RouteEntry("default", "10.0.1.1", "eth0", "main", false, null),
                new RouteEntry("default", "10.1.0.1", "eth1", "200", false, null),
                new RouteEntry("10.9.0.0/16", "10.0.1.1", "eth0", "main", false, null),
                new RouteEntry("10.0.1.0/24", null, "eth0", "main", false, "kernel"),
                new RouteEntry("default", "fd00::1", "eth1", "main", true, null),
                new RouteEntry("fd10::/48", "fd00::1", "eth1", "main", true, null));
        assertThat(CAPTURED.routes()).noneMatch(r -> r.table().equals("local"))
                .noneMatch(r -> r.destination().startsWith("ff00"));
    }

    @Test
    void rulesHaveTheirSourcePriorityAndTable() {
        assertThat(CAPTURED.rules()).contains(
                new Rule(32765, "10.1.0.5", "200", false),
                new Rule(32766, "all", "main", false),
                new Rule(32766, "all", "main", true));
    }

    @Test
    void ethtoolSaysAutoWhenTheLinkNegotiatesAndSpeedAndDuplexWhenItDoesNot() {
        assertThat(HostNetwork.speedDuplex(resource("ethtool-veth.txt"))).isEqualTo("10000-full");
        assertThat(HostNetwork.speedDuplex("Settings for eth0:\n\tSpeed: 1000Mb/s\n\tDuplex: Full\n"
                + "\tAuto-negotiation: on\n")).isEqualTo("auto");
        assertThat(HostNetwork.speedDuplex("Settings for eth0:\n\tSpeed: 100Mb/s\n\tDuplex: Half\n"
                + "\tAuto-negotiation: off\n")).isEqualTo("100-half");
        assertThat(HostNetwork.speedDuplex("Settings for vxlan10:\n\tLink detected: yes\n")).isNull();
        assertThat(HostNetwork.speedDuplex(null)).isNull();
    }

    @Test
    void outputThatIsNotIproutesJsonIsRefusedNamingTheCommand() {
        HostNetwork.IpOutput text = new HostNetwork.IpOutput("1: lo: <LOOPBACK> mtu 65536", "[]", "[]", "[]", "[]",
                "[]");

        assertThatThrownBy(() -> HostNetwork.parse(text, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ip -j -d link show");
    }
}
