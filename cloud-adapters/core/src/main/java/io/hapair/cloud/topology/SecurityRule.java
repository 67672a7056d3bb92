package io.hapair.cloud.topology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A network security rule. Sources and destinations are address prefixes (CIDR or single address),
 * cloud service tags such as {@code AzureLoadBalancer}, group IDs such as an AWS {@code sg-...},
 * {@link #PAIR_NODES}, or {@code *}; ports are single ports, ranges such as {@code 8000-8100}, or
 * {@code *}. Lower priority numbers are evaluated first; priority 0 marks a rule of an allow-only
 * firewall, which has no order (AWS security groups).
 */
public record SecurityRule(String name, int priority, Direction direction, Access access, Protocol protocol,
                           List<String> sources, List<String> destinations, List<String> destinationPorts)
    implements CloudPart {

    /**
     * A source meaning "the pair's own nodes, as a group": on AWS the security group that guards
     * both nodes, referencing itself, so the peer port stays open between them whatever their addresses.
     */
    public static final String PAIR_NODES = "pair-nodes";

    /** Which traffic a rule applies to. */
    public enum Direction { INBOUND, OUTBOUND }

    /** What a matching rule does. */
    public enum Access { ALLOW, DENY }

    public SecurityRule {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(protocol, "protocol");
        // Sorted so that lists compare as sets, whatever order a cloud returns them in.
        sources = List.copyOf(new TreeSet<>(sources));
        destinations = List.copyOf(new TreeSet<>(destinations));
        destinationPorts = List.copyOf(new TreeSet<>(destinationPorts));
    }

    @Override
    public PartKind kind() {
        return PartKind.SECURITY_RULE;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("priority", priority);
        fields.put("direction", direction);
        fields.put("access", access);
        fields.put("protocol", protocol);
        fields.put("sources", sources);
        fields.put("destinations", destinations);
        fields.put("destinationPorts", destinationPorts);
        return fields;
    }

    @Override
    public String summary() {
        return (priority > 0 ? priority + " " : "") + direction + " " + access + " " + protocol + " from " + String.join(",", sources)
            + " to " + String.join(",", destinations) + " port " + String.join(",", destinationPorts);
    }
}
