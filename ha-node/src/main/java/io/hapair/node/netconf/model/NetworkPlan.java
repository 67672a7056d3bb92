package io.hapair.node.netconf.model;

import io.hapair.node.netconf.model.HostNetwork.Address;
import io.hapair.node.netconf.model.HostNetwork.Link;
import io.hapair.node.netconf.model.HostNetwork.RouteEntry;
import io.hapair.node.netconf.model.HostNetwork.Rule;
import io.hapair.node.netconf.model.NetworkIntent.DeviceAddress;
import io.hapair.node.settings.AdminGateway;
import io.hapair.node.settings.DefaultGateway;
import io.hapair.node.settings.InterfaceSettings;
import io.hapair.node.settings.InterfaceSettings.SpeedDuplex;
import io.hapair.node.settings.Route;
import io.hapair.node.settings.Vlan;
import io.hapair.node.settings.Vxlan;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The commands that move the host from what one {@link NetworkIntent} set to what another asks, given what the
 * host has now. It removes only what the old intent set and the new one drops (never an address or route the node
 * did not set, such as one from DHCP), adds or changes what the new one asks and the host lacks, and gives nothing
 * when the host already matches.
 *
 * <p>The order keeps the host reachable for as long as it can: interfaces are created and set up first, new
 * addresses are added before replaced ones go, routes come after the addresses they leave by, the default gateway
 * is replaced in one step ({@code ip route replace}), and removals run last: routes, then rules, then addresses,
 * then interfaces. The node's routes carry {@code proto static}; a route without it is never removed, so that a
 * default route from DHCP stays when the node stops setting the same gateway.
 *
 * <p>The administration gateway is policy routing: a default route in the node's own table {@link #ADMIN_TABLE},
 * and a rule at priority {@link #ADMIN_RULE_PRIORITY} sending whatever leaves from one of the administration
 * interface's addresses to that table. Answers to an administrator who reaches the node through that interface
 * leave by its gateway, not by the default gateway of the data path. The table is the node's: anything in it, and
 * any rule that looks it up, which the intent does not ask for is removed.
 */
public final class NetworkPlan {

    /**
     * The routing table of the administration gateway. 1000 is clear of the tables cloud images set up for further
     * NICs (Ubuntu's netplan on AWS uses 100 and up per NIC, Amazon Linux's ec2-net-utils 10000 and up) and of the
     * kernel's own (253 to 255).
     */
    public static final String ADMIN_TABLE = "1000";
    /** The priority of the administration gateway's rules: before the main table's rule (32766). */
    public static final int ADMIN_RULE_PRIORITY = 1000;

    // iproute2's name for a route an administrator set; DHCP clients use dhcp (or boot, iproute2's default).
    private static final String STATIC = "static";

    private final NetworkIntent from;
    private final NetworkIntent to;
    private final HostNetwork host;
    private final List<Command> commands = new ArrayList<>();
    private final Set<String> createdNow = new HashSet<>();
    private final Set<DeviceAddress> removedEarly = new HashSet<>();
    private final Set<RouteEntry> replacedRoutes = new HashSet<>();
    private final Set<Family> replacedDefaults = EnumSet.noneOf(Family.class);

    private NetworkPlan(NetworkIntent from, NetworkIntent to, HostNetwork host) {
        this.from = from;
        this.to = to;
        this.host = host;
    }

    /**
     * The commands, in order, that move {@code observed} from what {@code from} set to what {@code to} asks; empty
     * when it has that already.
     */
    public static List<Command> between(NetworkIntent from, NetworkIntent to, HostNetwork observed) {
        NetworkPlan plan = new NetworkPlan(from, to, observed);
        plan.createLinks();
        plan.setUpLinks();
        plan.addAddresses();
        plan.addRoutes();
        plan.setDefaultGateways();
        plan.setAdminGateway();
        plan.removeRoutes();
        plan.removeDefaultGateways();
        plan.removeAdminGateway();
        plan.removeAddresses();
        plan.removeLinks();
        return List.copyOf(plan.commands);
    }

    private void createLinks() {
        for (Vlan vlan : to.vlans()) {
            Optional<Link> link = host.link(vlan.id());
            boolean same = link.filter(l -> "vlan".equals(l.kind()) && vlan.interfaceName().equals(l.parent())
                    && vlan.vlanId().equals(l.vlanId())).isPresent();
            if (!same) {
                link.ifPresent(l -> commands.add(Command.ip("link", "del", l.name())));
                commands.add(Command.ip("link", "add", "link", vlan.interfaceName(), "name", vlan.id(),
                        "type", "vlan", "id", vlan.vlanId().toString()));
                createdNow.add(vlan.id());
            }
        }
        for (Vxlan vxlan : to.vxlans()) {
            Optional<Link> link = host.link(vxlan.name());
            boolean same = link.filter(l -> "vxlan".equals(l.kind()) && vxlan.vni().equals(l.vni())
                    && vxlan.remote().equals(l.remote()) && vxlan.port().equals(l.port())
                    && vxlan.interfaceName().equals(l.dev())).isPresent();
            if (!same) {
                link.ifPresent(l -> commands.add(Command.ip("link", "del", l.name())));
                commands.add(Command.ip("link", "add", vxlan.name(), "type", "vxlan", "id", vxlan.vni().toString(),
                        "remote", vxlan.remote(), "dstport", vxlan.port().toString(), "dev", vxlan.interfaceName()));
                createdNow.add(vxlan.name());
            }
        }
    }

    /**
     * MTU, link state and speed: the host's interfaces first, so that a parent's MTU is raised before its VLAN's;
     * then the created ones, which are up unless their settings say otherwise. An interface whose settings the new
     * intent drops goes back to the settings' defaults (up, MTU 1500, auto-negotiation).
     */
    private void setUpLinks() {
        List<String> created = to.createdLinks();
        for (InterfaceSettings wanted : to.interfaces()) {
            if (!created.contains(wanted.name())) {
                setUpLink(wanted, true);
            }
        }
        for (InterfaceSettings dropped : from.interfaces()) {
            String name = dropped.name();
            boolean kept = to.interfaces().stream().anyMatch(s -> s.name().equals(name));
            if (!kept && !created.contains(name) && !droppedLinks().contains(name) && host.link(name).isPresent()) {
                setUpLink(new InterfaceSettings(name, null, null, null, null), true);
            }
        }
        for (String name : created) {
            Optional<InterfaceSettings> own = to.interfaces().stream().filter(s -> s.name().equals(name)).findFirst();
            // Without settings of its own a created interface keeps the MTU the kernel gives it (a VLAN its
            // parent's, a VXLAN 50 bytes less for the encapsulation).
            setUpLink(own.orElse(new InterfaceSettings(name, null, null, null, null)), own.isPresent());
        }
    }

    private void setUpLink(InterfaceSettings wanted, boolean managedMtu) {
        String name = wanted.name();
        boolean fresh = createdNow.contains(name);
        Optional<Link> link = fresh ? Optional.empty() : host.link(name);
        if (managedMtu && (link.isEmpty() || link.get().mtu() != wanted.mtu())) {
            commands.add(Command.ip("link", "set", "dev", name, "mtu", wanted.mtu().toString()));
        }
        if (link.isEmpty() || link.get().up() != wanted.linkUp()) {
            commands.add(Command.ip("link", "set", "dev", name, wanted.linkUp() ? "up" : "down"));
        }
        String speed = speedDuplex(wanted.speedDuplex());
        boolean wasForced = from.interfaces().stream()
                .anyMatch(s -> s.name().equals(name) && s.speedDuplex() != SpeedDuplex.AUTO);
        String actual = link.map(Link::speedDuplex).orElse(null);
        if (wanted.speedDuplex() != SpeedDuplex.AUTO && !speed.equals(actual)) {
            String[] parts = speed.split("-");
            commands.add(Command.ethtool("-s", name, "speed", parts[0], "duplex", parts[1], "autoneg", "off"));
        } else if (wanted.speedDuplex() == SpeedDuplex.AUTO && wasForced && !"auto".equals(actual)) {
            // Only back from a forced setting: many virtual NICs cannot negotiate, and auto asks nothing of them.
            commands.add(Command.ethtool("-s", name, "autoneg", "on"));
        }
    }

    /**
     * Each address the new intent asks for and the host lacks. The same address with another prefix length, set
     * by the node, goes just before (the kernel refuses an IPv6 address twice); every other replaced address goes
     * only after the new ones are in place.
     */
    private void addAddresses() {
        Set<DeviceAddress> managed = new HashSet<>(from.deviceAddresses());
        for (DeviceAddress wanted : to.deviceAddresses()) {
            if (has(wanted)) {
                continue;
            }
            for (Address clash : host.addressesOn(wanted.dev())) {
                DeviceAddress old = new DeviceAddress(clash.dev(), clash.cidr());
                if (clash.address().equals(wanted.address()) && !clash.dynamic() && managed.contains(old)
                        && !createdNow.contains(wanted.dev())) {
                    commands.add(Command.ip("addr", "del", old.cidr(), "dev", old.dev()));
                    removedEarly.add(old);
                }
            }
            commands.add(Command.ip("addr", "add", wanted.cidr(), "dev", wanted.dev()));
        }
    }

    /**
     * The addresses the old intent set and the new one drops, latest first: deleting an IPv4 subnet's first address
     * deletes the subnet's later ones with it, unless the host promotes them (net.ipv4.conf.*.promote_secondaries).
     */
    private void removeAddresses() {
        Set<DeviceAddress> dropped = new HashSet<>(from.deviceAddresses());
        to.deviceAddresses().forEach(dropped::remove);
        dropped.removeAll(removedEarly);
        List<String> goneLinks = droppedLinks();
        List<Address> present = host.addresses();
        for (int i = present.size() - 1; i >= 0; i--) {
            Address address = present.get(i);
            DeviceAddress old = new DeviceAddress(address.dev(), address.cidr());
            if (dropped.contains(old) && !address.dynamic() && !goneLinks.contains(old.dev())) {
                commands.add(Command.ip("addr", "del", old.cidr(), "dev", old.dev()));
            }
        }
    }

    /**
     * Each route the new intent asks for and the host lacks. One that takes the place of a route the node set to
     * the same destination replaces it in one step, so that the destination is never without a route.
     */
    private void addRoutes() {
        for (Route route : to.routes()) {
            if (entries(route).findAny().isPresent()) {
                continue;
            }
            Optional<RouteEntry> old = from.routes().stream().filter(r -> !to.routes().contains(r))
                    .filter(r -> r.destination().equals(route.destination()))
                    .flatMap(this::entries).filter(e -> STATIC.equals(e.protocol())).findFirst();
            old.ifPresent(replacedRoutes::add);
            List<String> args = new ArrayList<>(List.of("route", old.isPresent() ? "replace" : "add",
                    route.destination(), "via", route.gateway()));
            if (route.interfaceName() != null) {
                args.addAll(List.of("dev", route.interfaceName()));
            }
            args.addAll(List.of("proto", STATIC));
            commands.add(new Command(Command.Program.IP, args));
        }
    }

    private void removeRoutes() {
        for (Route route : from.routes()) {
            if (to.routes().contains(route)) {
                continue;
            }
            // A route the new intent sets as well (one that names no interface, say) stays.
            Optional<RouteEntry> entry = entries(route).filter(e -> !replacedRoutes.contains(e))
                    .filter(e -> STATIC.equals(e.protocol()))
                    .filter(e -> to.routes().stream().noneMatch(wanted -> sets(wanted, e))).findFirst();
            if (entry.isPresent()) {
                commands.add(Command.ip("route", "del", route.destination(), "via", route.gateway(),
                        "dev", entry.get().dev(), "proto", STATIC));
            }
        }
    }

    private void setDefaultGateways() {
        for (Family family : Family.values()) {
            String wanted = family.gateway(to.defaultGateway());
            if (wanted != null && defaultRoute(family, wanted).findAny().isEmpty()) {
                commands.add(Command.ip(family.flag, "route", "replace", "default", "via", wanted, "proto", STATIC));
                replacedDefaults.add(family);
            }
        }
    }

    /**
     * The old default gateway's route, when the new intent has none of that family or one the host had already
     * (from DHCP, say); a replaced one is gone already.
     */
    private void removeDefaultGateways() {
        for (Family family : Family.values()) {
            String old = family.gateway(from.defaultGateway());
            if (old != null && !old.equals(family.gateway(to.defaultGateway())) && !replacedDefaults.contains(family)
                    && defaultRoute(family, old).anyMatch(r -> STATIC.equals(r.protocol()))) {
                commands.add(Command.ip(family.flag, "route", "del", "default", "via", old, "proto", STATIC));
            }
        }
    }

    private void setAdminGateway() {
        AdminGateway admin = to.adminGateway();
        if (admin == null) {
            return;
        }
        Family family = Family.of(admin.address());
        String dev = admin.interfaceName();
        boolean present = host.routes().stream().anyMatch(r -> isAdminRoute(r, admin));
        if (!present) {
            commands.add(Command.ip(family.flag, "route", "replace", "default", "via", admin.address(), "dev", dev,
                    "table", ADMIN_TABLE, "proto", STATIC));
        }
        for (String source : adminSources(from, to, host)) {
            if (host.rules().stream().noneMatch(r -> isAdminRule(r, source))) {
                commands.add(Command.ip(family.flag, "rule", "add", "from", source, "lookup", ADMIN_TABLE,
                        "priority", Integer.toString(ADMIN_RULE_PRIORITY)));
            }
        }
    }

    /** Whatever is in the node's table, or looks it up, that the new intent does not ask for. */
    private void removeAdminGateway() {
        AdminGateway admin = to.adminGateway();
        boolean ipv6 = admin != null && Family.of(admin.address()).ipv6;
        for (RouteEntry route : host.routes()) {
            // The default route of the gateway's family is the wanted one, or went when that replaced it.
            boolean replaced = admin != null && route.destination().equals("default") && route.ipv6() == ipv6;
            if (route.table().equals(ADMIN_TABLE) && !replaced) {
                List<String> args = new ArrayList<>(List.of(route.ipv6() ? "-6" : "-4", "route", "del",
                        route.destination()));
                if (route.gateway() != null) {
                    args.addAll(List.of("via", route.gateway()));
                }
                args.addAll(List.of("dev", route.dev(), "table", ADMIN_TABLE));
                commands.add(new Command(Command.Program.IP, args));
            }
        }
        List<String> sources = admin == null ? List.of() : adminSources(from, to, host);
        for (Rule rule : host.rules()) {
            if (ADMIN_TABLE.equals(rule.table()) && (admin == null || !sources.contains(rule.from())
                    || rule.priority() != ADMIN_RULE_PRIORITY || rule.ipv6() != ipv6)) {
                commands.add(Command.ip(rule.ipv6() ? "-6" : "-4", "rule", "del", "from", rule.from(),
                        "lookup", ADMIN_TABLE, "priority", Integer.toString(rule.priority())));
            }
        }
    }

    /**
     * The addresses the administration gateway's rules match: those of the administration interface, of the
     * gateway's family, that the new intent asks for or that the node did not set (from DHCP, say).
     */
    static List<String> adminSources(NetworkIntent from, NetworkIntent to, HostNetwork host) {
        AdminGateway admin = to.adminGateway();
        boolean ipv6 = Family.of(admin.address()).ipv6;
        Set<String> sources = new LinkedHashSet<>();
        to.deviceAddresses().stream().filter(a -> a.dev().equals(admin.interfaceName()) && a.ipv6() == ipv6)
                .forEach(a -> sources.add(a.address()));
        List<DeviceAddress> managed = from.deviceAddresses();
        host.addressesOn(admin.interfaceName()).stream()
                .filter(a -> a.global() && a.address().contains(":") == ipv6)
                .filter(a -> a.dynamic() || !managed.contains(new DeviceAddress(a.dev(), a.cidr())))
                .forEach(a -> sources.add(a.address()));
        return List.copyOf(sources);
    }

    private void removeLinks() {
        for (String name : droppedLinks()) {
            if (host.link(name).isPresent()) {
                commands.add(Command.ip("link", "del", name));
            }
        }
    }

    /** The interfaces the old intent created and the new one does not. */
    private List<String> droppedLinks() {
        List<String> kept = to.createdLinks();
        return from.createdLinks().stream().filter(name -> !kept.contains(name)).toList();
    }

    private boolean has(DeviceAddress address) {
        return !createdNow.contains(address.dev())
                && host.addressesOn(address.dev()).stream().anyMatch(a -> a.cidr().equals(address.cidr()));
    }

    /** The main table's routes that {@code route} sets, whoever made them. */
    private Stream<RouteEntry> entries(Route route) {
        return host.routes().stream().filter(e -> sets(route, e));
    }

    /** Whether {@code entry}, a route of the host, is one that {@code route} sets. */
    static boolean sets(Route route, RouteEntry entry) {
        return entry.table().equals(HostNetwork.MAIN) && entry.destination().equals(route.destination())
                && route.gateway().equals(entry.gateway())
                && (route.interfaceName() == null || route.interfaceName().equals(entry.dev()));
    }

    private Stream<RouteEntry> defaultRoute(Family family, String gateway) {
        return host.routes().stream().filter(r -> r.table().equals(HostNetwork.MAIN) && r.ipv6() == family.ipv6
                && r.destination().equals("default") && gateway.equals(r.gateway()));
    }

    private static boolean isAdminRoute(RouteEntry route, AdminGateway admin) {
        return route.table().equals(ADMIN_TABLE) && route.destination().equals("default")
                && admin.address().equals(route.gateway()) && admin.interfaceName().equals(route.dev());
    }

    private static boolean isAdminRule(Rule rule, String source) {
        return ADMIN_TABLE.equals(rule.table()) && rule.from().equals(source)
                && rule.priority() == ADMIN_RULE_PRIORITY;
    }

    /** The settings' spelling of a speed and duplex, such as {@code 1000-full} or {@code auto}. */
    static String speedDuplex(SpeedDuplex value) {
        return value == SpeedDuplex.AUTO ? "auto"
                : value.name().substring("MBIT_".length()).replace('_', '-').toLowerCase();
    }

    /** An address family, with iproute2's flag for it and the default gateway's field of it. */
    private enum Family {
        IPV4("-4", false, DefaultGateway::ipv4),
        IPV6("-6", true, DefaultGateway::ipv6);

        final String flag;
        final boolean ipv6;
        private final Function<DefaultGateway, String> field;

        Family(String flag, boolean ipv6, Function<DefaultGateway, String> field) {
            this.flag = flag;
            this.ipv6 = ipv6;
            this.field = field;
        }

        static Family of(String address) {
            return address.indexOf(':') >= 0 ? IPV6 : IPV4;
        }

        String gateway(DefaultGateway gateway) {
            return gateway == null ? null : field.apply(gateway);
        }
    }
}
