package io.hapair.cloud.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An inbound NAT rule: the balancer's frontend port reaches one node's backend port, so each node's
 * UI and SSH stay reachable whichever node is active. {@code target} is the node name, or empty
 * when the rule is bound to no node of this pair. A target-group balancer (AWS) gives the rule a
 * group of its own, with its own {@code healthCheck} and {@code drain}; a cloud without them (Azure)
 * leaves both empty, and they are then neither planned nor compared.
 */
public record NatRule(String name, Protocol protocol, int frontendPort, int backendPort, String target,
                      Optional<HealthProbe> healthCheck, Optional<Drain> drain) implements CloudPart {

    public NatRule {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(healthCheck, "healthCheck");
        Objects.requireNonNull(drain, "drain");
        target = target == null ? "" : target;
    }

    /** A NAT rule of a cloud without a health check or draining of its own. */
    public NatRule(String name, Protocol protocol, int frontendPort, int backendPort, String target) {
        this(name, protocol, frontendPort, backendPort, target, Optional.empty(), Optional.empty());
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
        healthCheck.ifPresent(check -> fields.put("healthCheck", check.summary()));
        drain.ifPresent(value -> fields.put("drain", value));
        return fields;
    }

    @Override
    public String summary() {
        return protocol + " " + frontendPort + " -> " + (target.isEmpty() ? "(no node)" : target) + ":" + backendPort
            + healthCheck.map(check -> ", health check " + check.summary()).orElse("")
            + drain.map(value -> ", drain " + value).orElse("");
    }
}
