package io.hapair.cloud.topology;

/**
 * What happens to a node's open connections when it leaves a pool: the balancer lets them run for
 * {@code delaySeconds}, then closes what is left when {@code closeConnections} is set. Only
 * target-group balancers have this setting (AWS: {@code deregistration_delay.*}).
 */
public record Drain(int delaySeconds, boolean closeConnections) {

    @Override
    public String toString() {
        return delaySeconds + " s, then " + (closeConnections ? "close connections" : "leave connections open");
    }
}
