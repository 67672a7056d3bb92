package io.hapair.cloud.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The balancer's health probe. {@code path} is empty for a TCP probe, which has none.
 * {@code unhealthyThreshold} is the number of failed probes after which a node gets no traffic,
 * {@code healthyThreshold} the number of passed ones after which it gets traffic again, and
 * {@code successCodes} the HTTP codes that count as passed (an AWS matcher such as "200" or
 * "200-399"). A threshold of 0 and empty codes mean the cloud fixes them (Azure: one success, 200
 * only); they are then neither planned nor compared.
 */
public record HealthProbe(String name, ProbeProtocol protocol, int port, String path, int intervalSeconds,
                          int unhealthyThreshold, int healthyThreshold, String successCodes) implements CloudPart {

    public HealthProbe {
        Objects.requireNonNull(protocol, "protocol");
        path = path == null ? "" : path;
        successCodes = successCodes == null ? "" : successCodes;
    }

    /** A probe of a cloud that fixes the healthy threshold and the success codes. */
    public HealthProbe(String name, ProbeProtocol protocol, int port, String path, int intervalSeconds,
                       int unhealthyThreshold) {
        this(name, protocol, port, path, intervalSeconds, unhealthyThreshold, 0, "");
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
        if (healthyThreshold > 0) {
            fields.put("healthyThreshold", healthyThreshold);
        }
        if (!successCodes.isEmpty()) {
            fields.put("successCodes", successCodes);
        }
        return fields;
    }

    @Override
    public String summary() {
        String target = protocol == ProbeProtocol.TCP ? "" : " path " + path;
        return protocol + " :" + port + target + " every " + intervalSeconds + " s, unhealthy after "
            + unhealthyThreshold + (healthyThreshold > 0 ? ", healthy after " + healthyThreshold : "")
            + (successCodes.isEmpty() ? "" : ", success codes " + successCodes);
    }
}
