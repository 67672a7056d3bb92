package io.hapair.cloud.aws;

import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.SecurityRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What AWS holds once a pair is wired exactly as its topology says, written here by hand from the
 * topology's plain values and the documented choices (HTTP check on 8444, matcher 200, 5 s, 4 s
 * timeout, 2 and 2; 5 s deregistration delay with connection termination; no stickiness),
 * independently of the adapter's own translation.
 */
final class PairOnAws {

    static final Map<String, String> INSTANCES = Map.of("node1", NlbState.NODE1_INSTANCE,
        "node2", NlbState.NODE2_INSTANCE);
    static final Map<String, String> PAIR_ATTRIBUTES = attributes("5", "true");

    private PairOnAws() {
    }

    /** The NLB with no listeners, no target groups, and an empty security group on both nodes. */
    static NlbState empty() {
        return new NlbState();
    }

    static NlbState converged(PairTopology topology) {
        NlbState state = new NlbState();
        for (BalancingRule rule : topology.balancingRules()) {
            String protocol = switch (rule.protocol()) {
                case UDP -> "UDP";
                case ANY -> "TCP_UDP";
                default -> "TCP";
            };
            state.group(new NlbState.Group(rule.name(), protocol, rule.backendPort(),
                ElbXml.httpCheck(8444, "/", 5, 4, 2, 2, "200"), tags("balancing-rule"),
                List.of(healthy(NlbState.NODE1_INSTANCE, rule.backendPort()),
                    healthy(NlbState.NODE2_INSTANCE, rule.backendPort())), PAIR_ATTRIBUTES));
            state.listener(rule.frontendPort(), protocol, rule.name(), true);
        }
        for (NatRule rule : topology.natRules()) {
            state.group(new NlbState.Group(rule.name(), "TCP", rule.backendPort(), ElbXml.tcpCheck(5, 4, 2, 2),
                tags("nat-rule"), List.of(healthy(INSTANCES.get(rule.target()), rule.backendPort())), PAIR_ATTRIBUTES));
            state.listener(rule.frontendPort(), "TCP", rule.name(), true);
        }
        int id = 0;
        for (SecurityRule rule : topology.securityRules()) {
            String protocol = rule.protocol().name().toLowerCase(Locale.ROOT);
            int port = Integer.parseInt(rule.destinationPorts().get(0));
            for (String source : rule.sources()) {
                state.rule(Ec2Xml.rule(ruleId(++id), NlbState.PAIR_GROUP, protocol, port, port,
                    SecurityRule.PAIR_NODES.equals(source) ? NlbState.PAIR_GROUP : source, rule.name(),
                    Map.of("hapair:pair", "hapair", "hapair:part", rule.name())));
            }
        }
        return state;
    }

    static String healthy(String instanceId, int port) {
        return ElbXml.targetHealth(instanceId, port, "healthy", null);
    }

    static String unhealthy(String instanceId, int port, String reason) {
        return ElbXml.targetHealth(instanceId, port, "unhealthy", reason);
    }

    static Map<String, String> attributes(String delay, String termination) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("deregistration_delay.timeout_seconds", delay);
        attributes.put("deregistration_delay.connection_termination.enabled", termination);
        attributes.put("stickiness.enabled", "false");
        attributes.put("stickiness.type", "source_ip");
        attributes.put("preserve_client_ip.enabled", "true");
        attributes.put("proxy_protocol_v2.enabled", "false");
        return attributes;
    }

    static String ruleId(int n) {
        return String.format("sgr-%017x", 0x0a1b2c3d4e5f6L + n);
    }

    private static Map<String, String> tags(String kind) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("hapair:pair", "hapair");
        tags.put("hapair:kind", kind);
        return tags;
    }

    /** Names of every target group the topology wants. */
    static List<String> groupNames(PairTopology topology) {
        List<String> names = new ArrayList<>();
        topology.balancingRules().forEach(rule -> names.add(rule.name()));
        topology.natRules().forEach(rule -> names.add(rule.name()));
        return names;
    }
}
