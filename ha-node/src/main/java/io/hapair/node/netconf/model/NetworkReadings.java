package io.hapair.node.netconf.model;

import io.hapair.node.netconf.model.HostNetwork.Address;
import io.hapair.node.netconf.model.HostNetwork.Link;
import io.hapair.node.netconf.model.HostNetwork.RouteEntry;
import io.hapair.node.netconf.model.NetworkIntent.DeviceAddress;
import io.hapair.node.settings.AdminGateway;
import io.hapair.node.settings.DefaultGateway;
import io.hapair.node.settings.HostReading;
import io.hapair.node.settings.InterfaceAddress;
import io.hapair.node.settings.InterfaceSettings;
import io.hapair.node.settings.InterfaceSettings.SpeedDuplex;
import io.hapair.node.settings.Route;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.settings.Vlan;
import io.hapair.node.settings.Vxlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored network settings beside what the host has, one {@link HostReading} per item the node manages, both
 * sides in the same form ({@code 10.0.1.5/24}, {@code 10.9.0.0/16 via 10.0.1.1 dev eth0}), so that equal means the
 * host does what is stored. Addresses the host has from DHCP are listed too, read-only: nothing is stored for them
 * (their {@code stored} is null) and their source says where they come from.
 */
public final class NetworkReadings {

    /** The source of an address the host has from DHCP (or IPv6 autoconfiguration) rather than from the node. */
    public static final String DHCP_SOURCE = "DHCP: the cloud's NIC configuration sets it, not the node"
            + " (read-only here; ip addr shows it as dynamic)";

    private static final String ADDR = "ip -j addr show";
    private static final String LINK = "ip -j -d link show";
    private static final String ROUTE = "ip -j route show table all";
    private static final String RULE = "ip -j rule show";

    private final HostNetwork host;
    private final List<HostReading> readings = new ArrayList<>();

    private NetworkReadings(HostNetwork host) {
        this.host = host;
    }

    /** What {@code stored} asks for beside what {@code observed} has. */
    public static List<HostReading> of(NetworkIntent stored, HostNetwork observed) {
        NetworkReadings r = new NetworkReadings(observed);
        r.defaultGateway(stored.defaultGateway());
        for (InterfaceAddress address : stored.addresses()) {
            String cidr = address.address() + "/" + address.prefixLength();
            r.add(SettingsType.IP_ADDRESSES, address.interfaceName(), cidr, r.address(address.interfaceName(), cidr),
                    ADDR);
        }
        stored.interfaces().forEach(r::interfaceSettings);
        stored.vlans().forEach(r::vlan);
        stored.vxlans().forEach(r::vxlan);
        for (Route route : stored.routes()) {
            // Shown as stored: with the interface it leaves by only when the route names one.
            String actual = observed.routes().stream().filter(e -> NetworkPlan.sets(route, e)).findFirst()
                    .map(e -> text(route, route.interfaceName() == null ? null : e.dev())).orElse(null);
            r.add(SettingsType.ROUTES, route.name(), text(route, route.interfaceName()), actual, ROUTE);
        }
        if (stored.adminGateway() != null) {
            r.adminGateway(stored);
        }
        List<DeviceAddress> set = stored.deviceAddresses();
        for (Address address : observed.addresses()) {
            if (address.dynamic() && address.global()
                    && !set.contains(new DeviceAddress(address.dev(), address.cidr()))) {
                r.add(SettingsType.IP_ADDRESSES, address.dev() + " (DHCP)", null, address.cidr(), DHCP_SOURCE);
            }
        }
        return List.copyOf(r.readings);
    }

    private void defaultGateway(DefaultGateway gateway) {
        if (gateway == null) {
            return;
        }
        if (gateway.ipv4() != null) {
            add(SettingsType.DEFAULT_GATEWAY, "ipv4", gateway.ipv4(), defaultVia(false, gateway.ipv4()), ROUTE);
        }
        if (gateway.ipv6() != null) {
            add(SettingsType.DEFAULT_GATEWAY, "ipv6", gateway.ipv6(), defaultVia(true, gateway.ipv6()), ROUTE);
        }
    }

    /** The stored gateway when the main table has a default route by it, else the first default route's gateway. */
    private String defaultVia(boolean ipv6, String stored) {
        List<String> gateways = host.routes().stream().filter(r -> r.table().equals(HostNetwork.MAIN)
                && r.ipv6() == ipv6 && r.destination().equals("default")).map(RouteEntry::gateway).toList();
        return gateways.contains(stored) ? stored : gateways.stream().findFirst().orElse(null);
    }

    private void interfaceSettings(InterfaceSettings settings) {
        String name = settings.name();
        Optional<Link> link = host.link(name);
        add(SettingsType.INTERFACES, name + " link", settings.linkUp() ? "up" : "down",
                link.map(l -> l.up() ? "up" : "down").orElse(null), LINK);
        add(SettingsType.INTERFACES, name + " mtu", settings.mtu().toString(),
                link.map(l -> Integer.toString(l.mtu())).orElse(null), LINK);
        // Auto asks nothing of the NIC (many virtual ones cannot negotiate), so there is nothing to compare.
        if (settings.speedDuplex() != SpeedDuplex.AUTO) {
            add(SettingsType.INTERFACES, name + " speed-duplex", NetworkPlan.speedDuplex(settings.speedDuplex()),
                    link.map(Link::speedDuplex).orElse(null), "ethtool " + name);
        }
        addresses(SettingsType.INTERFACES, name, settings.additionalAddresses());
    }

    private void vlan(Vlan vlan) {
        String actual = host.link(vlan.id()).map(l -> "vlan".equals(l.kind())
                ? "vlan " + l.vlanId() + " on " + l.parent() : kind(l)).orElse(null);
        add(SettingsType.VLANS, vlan.id(), "vlan " + vlan.vlanId() + " on " + vlan.interfaceName(), actual, LINK);
        addresses(SettingsType.VLANS, vlan.id(), vlan.addresses());
    }

    private void vxlan(Vxlan vxlan) {
        String actual = host.link(vxlan.name()).map(l -> "vxlan".equals(l.kind())
                ? vxlanText(l.vni(), l.remote(), l.port(), l.dev()) : kind(l)).orElse(null);
        add(SettingsType.VXLANS, vxlan.name(),
                vxlanText(vxlan.vni(), vxlan.remote(), vxlan.port(), vxlan.interfaceName()), actual, LINK);
        addresses(SettingsType.VXLANS, vxlan.name(), vxlan.addresses());
    }

    private void adminGateway(NetworkIntent stored) {
        AdminGateway admin = stored.adminGateway();
        boolean ipv6 = admin.address().indexOf(':') >= 0;
        String table = " table " + NetworkPlan.ADMIN_TABLE;
        String actual = host.routes().stream().filter(r -> r.table().equals(NetworkPlan.ADMIN_TABLE)
                        && r.ipv6() == ipv6 && r.destination().equals("default"))
                .map(r -> "default via " + r.gateway() + " dev " + r.dev() + table).findFirst().orElse(null);
        add(SettingsType.ADMIN_GATEWAY, admin.interfaceName(),
                "default via " + admin.address() + " dev " + admin.interfaceName() + table, actual, ROUTE);
        for (String source : NetworkPlan.adminSources(stored, stored, host)) {
            String rule = "from " + source + " lookup " + NetworkPlan.ADMIN_TABLE;
            boolean present = host.rules().stream().anyMatch(r -> r.from().equals(source)
                    && NetworkPlan.ADMIN_TABLE.equals(r.table()) && r.priority() == NetworkPlan.ADMIN_RULE_PRIORITY);
            add(SettingsType.ADMIN_GATEWAY, admin.interfaceName() + " rule " + source, rule, present ? rule : null,
                    RULE);
        }
    }

    private void addresses(SettingsType<?> type, String dev, List<String> cidrs) {
        for (String cidr : cidrs) {
            add(type, dev + " " + cidr, cidr, address(dev, cidr), ADDR);
        }
    }

    private String address(String dev, String cidr) {
        return host.addressesOn(dev).stream().map(Address::cidr).filter(cidr::equals).findFirst().orElse(null);
    }

    private void add(SettingsType<?> type, String item, String stored, String actual, String source) {
        readings.add(new HostReading(type.apiPath(), item, stored, actual, source));
    }

    private static String text(Route route, String dev) {
        return route.destination() + " via " + route.gateway() + (dev == null ? "" : " dev " + dev);
    }

    private static String vxlanText(Integer vni, String remote, Integer port, String dev) {
        return "vni " + vni + " remote " + remote + " port " + port + " dev " + dev;
    }

    // An interface of the same name that is not what the setting makes, such as a NIC.
    private static String kind(Link link) {
        return link.kind() == null ? "a device" : link.kind();
    }
}
