package io.hapair.cloud.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The balancer's health probe. {@code path} is empty for a TCP probe, which has none.
 * {@code unhealthyThreshold} is the number of failed probes after which a node gets no traffic.
 */
public record HealthProbe(String name, ProbeProtocol protocol, int port, String path, int intervalSeconds,
                          int unhealthyThreshold) implements CloudPart {

    public HealthProbe {
        Objects.requireNonNull(protocol, "protocol");
        path = path == null ? "" : path;
    }

    @Override
    public PartKind kind() {
        return PartKind.HEALTH_PROBE;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("protocol", protocol);
        fields.put("port", port);
        fields.put("path", path);
        fields.put("intervalSeconds", intervalSeconds);
        fields.put("unhealthyThreshold", unhealthyThreshold);
        return fields;
    }

    @Override
    public String summary() {
        String target = protocol == ProbeProtocol.TCP ? "" : " path " + path;
        return protocol + " :" + port + target + " every " + intervalSeconds + " s, unhealthy after "
            + unhealthyThreshold;
    }
}
