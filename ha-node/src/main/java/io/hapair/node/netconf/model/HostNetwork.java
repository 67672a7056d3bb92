package io.hapair.node.netconf.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.geo.IpAddress;
import io.hapair.geo.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * The host's network as iproute2 shows it: what {@link NetworkPlan} compares an intent with. Built by
 * {@link #parse} from the JSON of {@code ip -j} and the text of {@code ethtool}; addresses are in canonical form,
 * so that they compare equal with the settings' own.
 *
 * @param links     every interface
 * @param addresses every address on them
 * @param routes    the unicast routes of every table but {@code local}
 * @param rules     the policy routing rules
 */
public record HostNetwork(List<Link> links, List<Address> addresses, List<RouteEntry> routes, List<Rule> rules) {

    /** The main routing table's name as iproute2 prints it (a route without a table is in it). */
    public static final String MAIN = "main";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SPEED = Pattern.compile("^\\s*Speed: (\\d+)Mb/s$", Pattern.MULTILINE);
    private static final Pattern DUPLEX = Pattern.compile("^\\s*Duplex: (Full|Half)$", Pattern.MULTILINE);
    private static final Pattern AUTONEG_ON = Pattern.compile("^\\s*Auto-negotiation: on$", Pattern.MULTILINE);

    public HostNetwork {
        links = List.copyOf(links);
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        rules = List.copyOf(rules);
    }

    /**
     * One interface.
     *
     * @param name        its name, such as eth0
     * @param kind        {@code vlan}, {@code vxlan}, {@code veth}, ...; null for a plain device (a NIC)
     * @param parent      a VLAN's parent interface; null otherwise
     * @param vlanId      a VLAN's tag; null otherwise
     * @param vni         a VXLAN's network identifier; null otherwise
     * @param remote      a VXLAN's remote endpoint; null otherwise
     * @param port        a VXLAN's UDP port; null otherwise
     * @param dev         a VXLAN's underlay interface; null otherwise
     * @param mtu         its MTU
     * @param up          whether it is set up (administratively; the carrier may still be down)
     * @param speedDuplex as {@code ethtool} shows it, in the settings' form ({@code auto}, {@code 1000-full});
     *                    null when ethtool could not tell
     */
    public record Link(String name, String kind, String parent, Integer vlanId, Integer vni, String remote,
                       Integer port, String dev, int mtu, boolean up, String speedDuplex) {
    }

    /**
     * One address on an interface.
     *
     * @param dev          the interface
     * @param address      the address (canonical form)
     * @param prefixLength its prefix length
     * @param dynamic      whether it has a lease (DHCP or IPv6 autoconfiguration; {@code ip addr} says dynamic)
     * @param global       whether its scope is global (not a link-local or host address)
     */
    public record Address(String dev, String address, int prefixLength, boolean dynamic, boolean global) {

        /** The address with prefix length, such as 10.0.1.5/24. */
        public String cidr() {
            return address + "/" + prefixLength;
        }
    }

    /**
     * One route.
     *
     * @param destination {@code default}, or a prefix such as 10.9.0.0/16 (a host route has /32 or /128)
     * @param gateway     the next hop; null for a route on the link
     * @param dev         the interface it leaves by
     * @param table       the routing table, {@link #MAIN} or a number
     * @param ipv6        whether it is an IPv6 route
     * @param protocol    who made it, as iproute2 names it: {@code static} for the node's ({@code proto static}),
     *                    {@code dhcp}, {@code kernel}, ...; null for iproute2's default ({@code boot})
     */
    public record RouteEntry(String destination, String gateway, String dev, String table, boolean ipv6,
                             String protocol) {
    }

    /**
     * One policy routing rule.
     *
     * @param priority its priority (lower first)
     * @param from     the source it matches: {@code all}, an address, or a prefix
     * @param table    the table it looks up
     * @param ipv6     whether it is an IPv6 rule
     */
    public record Rule(int priority, String from, String table, boolean ipv6) {
    }

    /**
     * What iproute2 printed about the host, in JSON ({@code ip -j}).
     *
     * @param links     {@code ip -j -d link show}
     * @param addresses {@code ip -j addr show}
     * @param routes4   {@code ip -j -4 route show table all}
     * @param routes6   {@code ip -j -6 route show table all}
     * @param rules4    {@code ip -j -4 rule show}
     * @param rules6    {@code ip -j -6 rule show}
     */
    public record IpOutput(String links, String addresses, String routes4, String routes6, String rules4,
                           String rules6) {
    }

    /**
     * Reads the host from iproute2's and ethtool's output.
     *
     * @param ip      what iproute2 printed
     * @param ethtool the output of {@code ethtool NAME} per interface name; an interface without one has no speed
     *                and duplex
     * @throws IllegalArgumentException when an output is not iproute2's JSON
     */
    public static HostNetwork parse(IpOutput ip, Map<String, String> ethtool) {
        List<Link> links = new ArrayList<>();
        for (JsonNode link : array(ip.links(), "ip -j -d link show")) {
            String name = link.path("ifname").asText();
            JsonNode info = link.path("linkinfo");
            JsonNode data = info.path("info_data");
            String kind = text(info, "info_kind");
            boolean vlan = "vlan".equals(kind);
            boolean vxlan = "vxlan".equals(kind);
            links.add(new Link(name, kind,
                    vlan ? text(link, "link") : null,
                    vlan ? integer(data, "id") : null,
                    vxlan ? integer(data, "id") : null,
                    vxlan ? IpAddress.canonical(text(data, data.has("remote6") ? "remote6" : "remote")) : null,
                    vxlan ? integer(data, "port") : null,
                    vxlan ? text(data, "link") : null,
                    link.path("mtu").asInt(),
                    contains(link.path("flags"), "UP"),
                    speedDuplex(ethtool.get(name))));
        }
        List<Address> addresses = new ArrayList<>();
        for (JsonNode link : array(ip.addresses(), "ip -j addr show")) {
            for (JsonNode info : link.path("addr_info")) {
                addresses.add(new Address(link.path("ifname").asText(),
                        IpAddress.canonical(info.path("local").asText()), info.path("prefixlen").asInt(),
                        info.path("dynamic").asBoolean(false), "global".equals(text(info, "scope"))));
            }
        }
        List<RouteEntry> routes = new ArrayList<>();
        routes(ip.routes4(), false, routes);
        routes(ip.routes6(), true, routes);
        List<Rule> rules = new ArrayList<>();
        rules(ip.rules4(), false, rules);
        rules(ip.rules6(), true, rules);
        return new HostNetwork(links, addresses, routes, rules);
    }

    private static void routes(String output, boolean ipv6, List<RouteEntry> routes) {
        for (JsonNode route : array(output, "ip -j route show table all")) {
            String table = Optional.ofNullable(text(route, "table")).orElse(MAIN);
            String type = Optional.ofNullable(text(route, "type")).orElse("unicast");
            // Local, broadcast and multicast routes are the kernel's, made for each address and link.
            if (type.equals("unicast") && !table.equals("local")) {
                routes.add(new RouteEntry(prefix(route.path("dst").asText()),
                        IpAddress.canonical(text(route, "gateway")), text(route, "dev"), table, ipv6,
                        text(route, "protocol")));
            }
        }
    }

    private static void rules(String output, boolean ipv6, List<Rule> rules) {
        for (JsonNode rule : array(output, "ip -j rule show")) {
            String src = Optional.ofNullable(text(rule, "src")).orElse("all");
            // iproute2 gives srclen only for a prefix shorter than the address.
            String from = src.equals("all") || !rule.has("srclen") ? IpAddress.canonical(src)
                    : IpPrefix.canonical(src + "/" + rule.path("srclen").asInt());
            rules.add(new Rule(rule.path("priority").asInt(), from, text(rule, "table"), ipv6));
        }
    }

    /**
     * The speed and duplex that {@code ethtool NAME} prints, in the settings' form: {@code auto} when the link
     * negotiates, {@code 1000-full} when forced or fixed; null without an output or when it shows neither.
     */
    static String speedDuplex(String ethtoolOutput) {
        if (ethtoolOutput == null) {
            return null;
        }
        if (AUTONEG_ON.matcher(ethtoolOutput).find()) {
            return "auto";
        }
        Matcher speed = SPEED.matcher(ethtoolOutput);
        Matcher duplex = DUPLEX.matcher(ethtoolOutput);
        return speed.find() && duplex.find() ? speed.group(1) + "-" + duplex.group(1).toLowerCase() : null;
    }

    /** The interface named {@code name}, if the host has it. */
    public Optional<Link> link(String name) {
        return links.stream().filter(link -> link.name().equals(name)).findFirst();
    }

    /** The addresses on interface {@code dev}. */
    public List<Address> addressesOn(String dev) {
        return addresses.stream().filter(address -> address.dev().equals(dev)).toList();
    }

    // iproute2 prints a host route's destination without its length.
    private static String prefix(String destination) {
        if (destination.equals("default")) {
            return destination;
        }
        String full = destination.contains("/") ? destination
                : destination + (destination.indexOf(':') >= 0 ? "/128" : "/32");
        return IpPrefix.canonical(full);
    }

    private static Iterable<JsonNode> array(String output, String command) {
        JsonNode root;
        try {
            // iproute2 prints nothing at all when a filter matches nothing in some versions.
            root = output.isBlank() ? JSON.createArrayNode() : JSON.readTree(output);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(command + " printed no JSON: " + e.getOriginalMessage(), e);
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException(command + " printed JSON that is not an array: " + output);
        }
        return () -> StreamSupport.stream(root.spliterator(), false).iterator();
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (element.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isNumber() ? null : value.asInt();
    }
}
