package io.hapair.cloud.topology;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The checks {@link PairTopology.Builder#build()} runs on single settings; each names the field at fault. */
final class TopologyChecks {

    private TopologyChecks() {
    }

    /** Every port of the pair, named by its field, and the published ones, must be distinct and valid. */
    static void requireDistinctPorts(Map<String, Integer> ports, List<PublishedPort> publishedPorts) {
        Map<Integer, String> byPort = new HashMap<>();
        ports.forEach((field, port) -> {
            requirePositive(field, port, 1, 65_535);
            claim(byPort, port, field);
        });
        for (PublishedPort published : publishedPorts) {
            requirePositive("publishedPorts", published.port(), 1, 65_535);
            claim(byPort, published.port(), "publishedPorts");
        }
    }

    private static void claim(Map<Integer, String> byPort, int port, String field) {
        String previous = byPort.putIfAbsent(port, field);
        if (previous != null) {
            throw new InvalidTopologyException(field, "port " + port + " is already used by " + previous,
                "every port of the pair must be distinct; choose another port for " + field);
        }
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
