package io.hapair.cloud.aws;

import io.hapair.cloud.topology.BackendPool;
import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.Drain;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.SessionPersistence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pair's target groups as the desired parts describe them. A load-balancing rule's group takes
 * its pool's members and drain and its probe's HTTP health check. A NAT rule's group holds only its
 * node, on the management port, with a TCP check on that port: with a single target its health
 * only shows whether the node's UI or SSH is up (an NLB whose only target is unhealthy still sends
 * to it), so the pair's HTTP check would say nothing there.
 */
final class TargetGroupSpecs {

    static final String DEREGISTRATION_DELAY = "deregistration_delay.timeout_seconds";
    /**
     * Close what is left when the delay ends, instead of letting connections to a node that no
     * longer gets traffic run on: its clients then reconnect to the active node at once. The NLB
     * supports this for TCP and UDP groups alike.
     */
    static final String CONNECTION_TERMINATION = "deregistration_delay.connection_termination.enabled";
    static final String STICKINESS = "stickiness.enabled";
    static final String STICKINESS_TYPE = "stickiness.type";

    private TargetGroupSpecs() {
    }

    /** Every group the topology wants, by name, for the nodes' instance IDs by node name. */
    static Map<String, TargetGroupSpec> of(PairTopology topology, Map<String, String> instanceIds) {
        Map<String, TargetGroupSpec> specs = new LinkedHashMap<>();
        for (BalancingRule rule : topology.balancingRules()) {
            BackendPool pool = named(topology.backendPools(), rule.backendPool());
            HealthProbe probe = named(topology.probes(), rule.probe());
            HealthCheck check = new HealthCheck("HTTP", Integer.toString(probe.port()), probe.path(),
                probe.intervalSeconds(), HealthCheck.timeoutFor(probe.intervalSeconds()), probe.healthyThreshold(),
                probe.unhealthyThreshold(), probe.successCodes());
            specs.put(rule.name(), new TargetGroupSpec(rule.name(), PairTags.BALANCING_RULE, protocol(rule.protocol()),
                rule.backendPort(), check, attributes(pool.drain().orElseThrow(), rule.sessionPersistence()),
                pool.members().stream().map(instanceIds::get).toList(), rule.frontendPort()));
        }
        for (NatRule rule : topology.natRules()) {
            HealthProbe probe = rule.healthCheck().orElseThrow();
            HealthCheck check = new HealthCheck("TCP", HealthCheck.TRAFFIC_PORT, "", probe.intervalSeconds(),
                HealthCheck.timeoutFor(probe.intervalSeconds()), probe.healthyThreshold(), probe.unhealthyThreshold(),
                "");
            specs.put(rule.name(), new TargetGroupSpec(rule.name(), PairTags.NAT_RULE, protocol(rule.protocol()),
                rule.backendPort(), check, attributes(rule.drain().orElseThrow(), SessionPersistence.NONE),
                List.of(instanceIds.get(rule.target())), rule.frontendPort()));
        }
        return specs;
    }

    /** Only the attributes the pair manages; ELB keeps every other at its value. */
    private static Map<String, String> attributes(Drain drain, SessionPersistence persistence) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(DEREGISTRATION_DELAY, Integer.toString(drain.delaySeconds()));
        attributes.put(CONNECTION_TERMINATION, Boolean.toString(drain.closeConnections()));
        // A pair wants none: a failover must move every client (NLB stickiness is by source IP only).
        boolean sticky = persistence != SessionPersistence.NONE;
        attributes.put(STICKINESS, Boolean.toString(sticky));
        if (sticky) {
            attributes.put(STICKINESS_TYPE, "source_ip");
        }
        return attributes;
    }

    /** ELB's name; a rule for TCP and UDP on one port (DNS) is a TCP_UDP group and listener. */
    private static String protocol(Protocol protocol) {
        return switch (protocol) {
            case TCP -> "TCP";
            case UDP -> "UDP";
            case ANY -> "TCP_UDP";
            case OTHER -> throw new IllegalArgumentException("the pair forwards no protocol " + protocol);
        };
    }

    private static <T extends io.hapair.cloud.topology.CloudPart> T named(List<T> parts, String name) {
        return parts.stream().filter(part -> part.name().equals(name)).findFirst().orElseThrow();
    }
}
