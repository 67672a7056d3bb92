package io.hapair.node.netconf.model;

import io.hapair.geo.IpAddress;
import io.hapair.geo.IpPrefix;
import io.hapair.node.netconf.model.HostNetwork.Address;
import io.hapair.node.netconf.model.HostNetwork.Link;
import io.hapair.node.netconf.model.HostNetwork.RouteEntry;
import io.hapair.node.netconf.model.HostNetwork.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A host that runs a plan's commands as Linux does, as far as the plan's commands go: refusing what the kernel
 * refuses (a link, address, route or rule twice or missing), and deleting an IPv4 subnet's other addresses with its
 * first one (no promote_secondaries, the kernel's default). NetworkHostTest checks the real thing.
 */
final class SimulatedHost {

    private final List<Link> links;
    private final List<Address> addresses;
    private final List<RouteEntry> routes;
    private final List<Rule> rules;

    SimulatedHost(HostNetwork start) {
        links = new ArrayList<>(start.links());
        addresses = new ArrayList<>(start.addresses());
        routes = new ArrayList<>(start.routes());
        rules = new ArrayList<>(start.rules());
    }

    HostNetwork network() {
        return new HostNetwork(links, addresses, routes, rules);
    }

    /** What NetworkHost.apply does: the plan, then what a second look still finds missing. */
    static HostNetwork apply(NetworkIntent from, NetworkIntent to, HostNetwork host) {
        SimulatedHost simulated = new SimulatedHost(host);
        NetworkPlan.between(from, to, host).forEach(simulated::run);
        NetworkPlan.between(to, to, simulated.network()).forEach(simulated::run);
        return simulated.network();
    }

    void run(Command command) {
        List<String> a = command.args();
        if (command.program() == Command.Program.ETHTOOL) {
            String speed = a.contains("speed") ? a.get(3) + "-" + a.get(5) : "auto";
            replaceLink(a.get(1), l -> new Link(l.name(), l.kind(), l.parent(), l.vlanId(), l.vni(), l.remote(),
                    l.port(), l.dev(), l.mtu(), l.up(), speed));
            return;
        }
        boolean ipv6 = a.get(0).equals("-6");
        List<String> args = a.get(0).startsWith("-") ? a.subList(1, a.size()) : a;
        String verb = args.get(0) + " " + args.get(1);
        switch (verb) {
            case "link add" -> addLink(args);
            case "link del" -> {
                String name = args.get(2);
                link(name);
                links.removeIf(l -> l.name().equals(name));
                addresses.removeIf(ad -> ad.dev().equals(name));
                routes.removeIf(r -> name.equals(r.dev()));
            }
            case "link set" -> {
                String name = args.get(3);
                String what = args.get(4);
                replaceLink(name, l -> new Link(l.name(), l.kind(), l.parent(), l.vlanId(), l.vni(), l.remote(),
                        l.port(), l.dev(), what.equals("mtu") ? Integer.parseInt(args.get(5)) : l.mtu(),
                        what.equals("mtu") ? l.up() : what.equals("up"), l.speedDuplex()));
            }
            case "addr add" -> addAddress(args.get(2), args.get(4));
            case "addr del" -> deleteAddress(args.get(2), args.get(4));
            case "route add", "route replace" -> route(args, verb.endsWith("replace"), ipv6);
            case "route del" -> {
                String destination = args.get(2);
                String gateway = args.get(4);
                String table = value(args, "table", HostNetwork.MAIN);
                refuseUnless(routes.removeIf(r -> r.destination().equals(destination)
                        && gateway.equals(r.gateway()) && r.table().equals(table)
                        && (!args.contains("proto") || "static".equals(r.protocol()))), command);
            }
            case "rule add" -> {
                Rule rule = new Rule(Integer.parseInt(value(args, "priority", "0")), args.get(3), args.get(5), ipv6);
                refuseUnless(!rules.contains(rule), command);
                rules.add(rule);
            }
            case "rule del" -> refuseUnless(rules.remove(
                    new Rule(Integer.parseInt(value(args, "priority", "0")), args.get(3), args.get(5), ipv6)), command);
            default -> throw new IllegalArgumentException("not simulated: " + command);
        }
    }

    private void addLink(List<String> args) {
        if (args.contains("vlan")) {
            String name = args.get(5);
            refuseUnless(links.stream().noneMatch(l -> l.name().equals(name)), name);
            Link parent = link(args.get(3));
            links.add(new Link(name, "vlan", parent.name(), Integer.parseInt(args.get(9)), null, null, null, null,
                    parent.mtu(), false, null));
        } else {
            String name = args.get(2);
            refuseUnless(links.stream().noneMatch(l -> l.name().equals(name)), name);
            Link dev = link(value(args, "dev", null));
            links.add(new Link(name, "vxlan", null, null, Integer.parseInt(value(args, "id", null)),
                    value(args, "remote", null), Integer.parseInt(value(args, "dstport", null)), dev.name(),
                    dev.mtu() - 50, false, null));
        }
    }

    private void addAddress(String cidr, String dev) {
        link(dev);
        IpPrefix prefix = IpPrefix.parse(cidr).orElseThrow();
        refuseUnless(addresses.stream().noneMatch(ad -> ad.dev().equals(dev) && ad.cidr().equals(cidr)
                && (prefix.address().isIpv6() ? ad.address().equals(prefix.address().toString()) : true)), cidr);
        addresses.add(new Address(dev, prefix.address().toString(), prefix.length(), false, true));
    }

    private void deleteAddress(String cidr, String dev) {
        Address gone = addresses.stream().filter(ad -> ad.dev().equals(dev) && ad.cidr().equals(cidr)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Address not found: " + cidr));
        IpPrefix prefix = IpPrefix.parse(cidr).orElseThrow();
        Predicate<Address> sameSubnet = ad -> ad.dev().equals(dev) && ad.prefixLength() == gone.prefixLength()
                && !prefix.address().isIpv6() && prefix.contains(IpAddress.parse(ad.address()).orElseThrow());
        if (addresses.stream().filter(sameSubnet).findFirst().filter(gone::equals).isPresent()) {
            addresses.removeIf(sameSubnet);
        }
        addresses.remove(gone);
    }

    private void route(List<String> args, boolean replace, boolean ipv6) {
        String destination = args.get(2);
        String gateway = args.get(4);
        String table = value(args, "table", HostNetwork.MAIN);
        String dev = value(args, "dev", gateway.startsWith("10.1.") ? "eth1" : "eth0");
        boolean v6 = ipv6 || gateway.contains(":");
        // The node's routes have metric 0; DHCP's here have another, so they never clash.
        Predicate<RouteEntry> clash = r -> r.destination().equals(destination) && r.table().equals(table)
                && r.ipv6() == v6 && !"dhcp".equals(r.protocol());
        if (replace) {
            routes.removeIf(clash);
        } else {
            refuseUnless(routes.stream().noneMatch(clash), destination);
        }
        routes.add(new RouteEntry(destination, gateway, dev, table, v6, value(args, "proto", null)));
    }

    private Link link(String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Cannot find device " + name));
    }

    private void replaceLink(String name, java.util.function.UnaryOperator<Link> change) {
        links.set(links.indexOf(link(name)), change.apply(link(name)));
    }

    private static String value(List<String> args, String key, String otherwise) {
        int at = args.indexOf(key);
        return at < 0 ? otherwise : args.get(at + 1);
    }

    private static void refuseUnless(boolean allowed, Object what) {
        if (!allowed) {
            throw new IllegalStateException("refused: " + what);
        }
    }
}
