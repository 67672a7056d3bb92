package io.hapair.cloud.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An inbound NAT rule: the balancer's frontend port reaches one node's backend port, so each node's
 * UI and SSH stay reachable whichever node is active. {@code target} is the node name, or empty
 * when the rule is bound to no node of this pair.
 */
public record NatRule(String name, Protocol protocol, int frontendPort, int backendPort, String target)
    implements CloudPart {

    public NatRule {
        Objects.requireNonNull(protocol, "protocol");
        target = target == null ? "" : target;
    }

    @Override
    public PartKind kind() {
        return PartKind.NAT_RULE;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("protocol", protocol);
        fields.put("frontendPort", frontendPort);
        fields.put("backendPort", backendPort);
        fields.put("target", target);
        return fields;
    }

    @Override
    public String summary() {
        return protocol + " " + frontendPort + " -> " + (target.isEmpty() ? "(no node)" : target) + ":" + backendPort;
    }
}
