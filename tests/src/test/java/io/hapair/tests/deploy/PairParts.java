package io.hapair.tests.deploy;

import io.hapair.cloud.topology.CloudPart;
import io.hapair.cloud.topology.PairNode;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.SessionPersistence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Compares the parts a template declares with PairTopology's, field by field, in words. */
final class PairParts {

    private PairParts() {
    }

    /** One line per difference; empty when the template declares exactly PairTopology's parts. */
    static List<String> differences(List<? extends CloudPart> expected, List<? extends CloudPart> declared) {
        Map<String, CloudPart> wanted = byKey(expected);
        Map<String, CloudPart> found = byKey(declared);
        List<String> differences = new ArrayList<>();
        wanted.forEach((key, part) -> {
            CloudPart other = found.get(key);
            if (other == null) {
                differences.add("missing " + key + " (PairTopology: " + part.summary() + ")");
                return;
            }
            part.fields().forEach((field, value) -> {
                Object declaredValue = other.fields().get(field);
                if (!Objects.equals(value, declaredValue)) {
                    differences.add(key + ": " + field + " is " + declaredValue + " in the template, " + value
                        + " in PairTopology");
                }
            });
        });
        found.keySet().stream().filter(key -> !wanted.containsKey(key))
            .forEach(key -> differences.add("unexpected " + key + " (" + found.get(key).summary() + ")"));
        return differences;
    }

    /** Azure and Terraform spell protocols Tcp, Udp, TCP, tcp, * or All. */
    static Protocol protocol(String spelled) {
        return switch (spelled.toLowerCase(Locale.ROOT)) {
            case "tcp" -> Protocol.TCP;
            case "udp" -> Protocol.UDP;
            case "*", "all" -> Protocol.ANY;
            default -> Protocol.OTHER;
        };
    }

    /**
     * Azure takes a rule's sources (destinations, ports) either as one value or as a list, never both
     * and never neither; a template that fills both or none fails here.
     */
    static List<String> oneOrMany(String rule, String field, String one, List<String> many) {
        boolean hasOne = one != null && !one.isEmpty();
        boolean hasMany = many != null && !many.isEmpty();
        if (hasOne == hasMany) {
            throw new AssertionError("security rule " + rule + " sets " + (hasOne ? "both " : "neither ") + field
                + " and " + field + "es; Azure needs exactly one of them");
        }
        return hasOne ? List.of(one) : many;
    }

    /** Azure's loadDistribution: Default, SourceIP or SourceIPProtocol. */
    static SessionPersistence persistence(String loadDistribution) {
        return switch (loadDistribution) {
            case "SourceIP" -> SessionPersistence.CLIENT_IP;
            case "SourceIPProtocol" -> SessionPersistence.CLIENT_IP_AND_PROTOCOL;
            default -> SessionPersistence.NONE;
        };
    }

    /** The pair node with this private address (how a NIC or instance is told apart). */
    static String nodeAt(PairTopology topology, String address) {
        return topology.nodes().stream().filter(node -> node.address().equals(address)).map(PairNode::name)
            .findFirst().orElse("a machine with " + address);
    }

    private static Map<String, CloudPart> byKey(List<? extends CloudPart> parts) {
        Map<String, CloudPart> byKey = new LinkedHashMap<>();
        parts.forEach(part -> byKey.put(part.kind().label() + " " + part.name(), part));
        return byKey;
    }
}
