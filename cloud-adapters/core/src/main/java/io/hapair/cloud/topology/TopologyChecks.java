package io.hapair.cloud.topology;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks {@link PairTopology.Builder#build()} runs on single settings; each names the field at fault. */
final class TopologyChecks {

    private TopologyChecks() {
    }

    /**
     * Every port of the pair, named by its field, must be distinct and valid, and the published ones
     * distinct by port and protocol (DNS publishes 53 over UDP and TCP). A named port is taken for
     * every protocol: the peer port carries both, and a management port's number is the frontend of a
     * balancer rule, where an NLB listens on a port once whatever the protocol.
     */
    static void requireDistinctPorts(Map<String, Integer> ports, List<PublishedPort> publishedPorts) {
        Map<Integer, String> byPort = new HashMap<>();
        ports.forEach((field, port) -> {
            requirePositive(field, port, 1, 65_535);
            claim(byPort, port, field);
        });
        Set<PublishedPort> published = new HashSet<>();
        for (PublishedPort port : publishedPorts) {
            requirePositive("publishedPorts", port.port(), 1, 65_535);
            String named = byPort.get(port.port());
            if (named != null) {
                throw taken("port " + port.port(), named, "publishedPorts");
            }
            if (!published.add(port)) {
                throw new InvalidTopologyException("publishedPorts", port + " is listed twice",
                    "list each port and protocol once; for TCP and UDP on one port list both, e.g. 53/udp and 53/tcp");
            }
        }
    }

    private static void claim(Map<Integer, String> byPort, int port, String field) {
        String previous = byPort.putIfAbsent(port, field);
        if (previous != null) {
            throw taken("port " + port, previous, field);
        }
    }

    private static InvalidTopologyException taken(String port, String owner, String field) {
        return new InvalidTopologyException(field, port + " is already used by " + owner,
            "every port of the pair must be distinct; choose another port for " + field);
    }

    static void requireAddress(String field, String address) {
        if (address == null || address.isBlank()) {
            throw new InvalidTopologyException(field, "missing",
                "give the node's private IPv4 address, e.g. 10.0.1.4");
        }
        if (!Ipv4.isAddress(address)) {
            throw new InvalidTopologyException(field, "'" + address + "' is not an IPv4 address",
                "give the node's private IPv4 address, e.g. 10.0.1.4");
        }
    }

    static void requirePositive(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidTopologyException(field, value + " is out of range",
                "use a value from " + min + " to " + max);
        }
    }

    static void requireNonEmpty(String field, List<String> values) {
        if (values.isEmpty() || values.stream().anyMatch(String::isBlank)) {
            throw new InvalidTopologyException(field, "empty",
                "list at least one address prefix or service tag, e.g. VirtualNetwork or 10.0.0.0/16");
        }
    }
}
