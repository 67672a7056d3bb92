package io.hapair.cloud.aws;

import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * A target group's health check as ELB holds it. {@code port} is a number or "traffic-port";
 * {@code path} and {@code matcher} are empty for a TCP check.
 */
record HealthCheck(String protocol, String port, String path, int intervalSeconds, int timeoutSeconds,
                   int healthyThreshold, int unhealthyThreshold, String matcher) {

    static final String TRAFFIC_PORT = "traffic-port";

    HealthCheck {
        path = path == null ? "" : path;
        matcher = matcher == null ? "" : matcher;
    }

    static HealthCheck of(TargetGroup group) {
        return new HealthCheck(group.healthCheckProtocolAsString(), group.healthCheckPort(), group.healthCheckPath(),
            valueOr(group.healthCheckIntervalSeconds()), valueOr(group.healthCheckTimeoutSeconds()),
            valueOr(group.healthyThresholdCount()), valueOr(group.unhealthyThresholdCount()),
            group.matcher() == null ? null : group.matcher().httpCode());
    }

    /**
     * A check answer must come back before the next probe is due, or a slow answer and the next
     * probe overlap; ELB's own defaults (6 s for HTTP, 10 s for TCP) exceed a 5 s interval.
     */
    static int timeoutFor(int intervalSeconds) {
        return Math.max(2, intervalSeconds - 1);
    }

    boolean http() {
        return "HTTP".equals(protocol) || "HTTPS".equals(protocol);
    }

    private static int valueOr(Integer value) {
        return value == null ? 0 : value;
    }
}
