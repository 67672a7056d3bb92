package io.hapair.cloud.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A load-balancing rule: traffic to the frontend port goes to the backend port of whichever pool
 * member the named probe finds healthy. {@code probe} and {@code backendPool} are part names; an
 * empty probe means the rule has none (then every member gets traffic). An idle timeout of 0 means
 * the cloud fixes it (AWS NLB); it is then neither planned nor compared.
 */
public record BalancingRule(String name, Protocol protocol, int frontendPort, int backendPort, String probe,
                            String backendPool, int idleTimeoutMinutes, boolean floatingIp,
                            SessionPersistence sessionPersistence) implements CloudPart {

    public BalancingRule {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(sessionPersistence, "sessionPersistence");
        probe = probe == null ? "" : probe;
        backendPool = backendPool == null ? "" : backendPool;
    }

    @Override
    public PartKind kind() {
        return PartKind.BALANCING_RULE;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("protocol", protocol);
        fields.put("frontendPort", frontendPort);
        fields.put("backendPort", backendPort);
        fields.put("probe", probe);
        fields.put("backendPool", backendPool);
        if (idleTimeoutMinutes > 0) {
            fields.put("idleTimeoutMinutes", idleTimeoutMinutes);
        }
        fields.put("floatingIp", floatingIp);
        fields.put("sessionPersistence", sessionPersistence);
        return fields;
    }

    @Override
    public String summary() {
        return protocol + " " + frontendPort + " -> " + backendPort + " probe " + (probe.isEmpty() ? "(none)" : probe)
            + ", pool " + backendPool + (idleTimeoutMinutes > 0 ? ", idle " + idleTimeoutMinutes + " min" : "")
            + ", floating IP " + (floatingIp ? "on" : "off") + ", persistence " + sessionPersistence;
    }
}
