package io.hapair.cloud.diagnose;

import io.hapair.cloud.diagnose.Finding.Check;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.PairNode;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.SecurityRule;
import io.hapair.cloud.topology.SecurityRule.Access;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates the live security rules (ours, the operator's and the cloud's built-in ones) for the two
 * flows cloud HA cannot live without: the balancer's probes to each node's check port, and the
 * peer link between the nodes.
 */
final class SecurityChecks {

    private SecurityChecks() {
    }

    static List<Finding> run(PairTopology topology, ObservedPair observed, NetworkFacts facts) {
        List<SecurityRule> rules = new ArrayList<>(observed.securityRules());
        rules.addAll(observed.builtInSecurityRules());
        List<Finding> findings = new ArrayList<>();
        for (PairNode node : topology.nodes()) {
            Traffic probe = new Traffic(Protocol.TCP, facts.probeSourceAddress(), facts.probeSourceTags(),
                node.address(), facts.nodeTags(), topology.healthCheckPort());
            denial(rules, probe).ifPresent(rule -> findings.add(new Finding(Check.PROBE_BLOCKED,
                node.name() + " (" + node.address() + ")",
                rule + " blocks the balancer's probes (" + String.join("/", facts.probeSourceTags()) + " "
                    + facts.probeSourceAddress() + ") to port " + topology.healthCheckPort()
                    + ", so the balancer sees the node as down",
                "allow TCP " + topology.healthCheckPort() + " from " + String.join("/", facts.probeSourceTags())
                    + " with a lower priority number than " + rule + " (hanode cloud apply adds one)")));
        }
        for (PairNode from : topology.nodes()) {
            PairNode to = from.equals(topology.node1()) ? topology.node2() : topology.node1();
            Traffic peer = new Traffic(Protocol.TCP, from.address(), facts.nodeTags(), to.address(),
                facts.nodeTags(), topology.peerPort());
            denial(rules, peer).ifPresent(rule -> findings.add(new Finding(Check.PEER_PORT_BLOCKED,
                from.name() + " -> " + to.name(),
                rule + " blocks the peer link (TCP " + topology.peerPort() + " from " + from.address() + " to "
                    + to.address() + "), so the nodes cannot heartbeat or sync and both may turn active",
                "allow TCP " + topology.peerPort() + " between " + from.address() + " and " + to.address()
                    + " with a lower priority number than " + rule + " (hanode cloud apply adds one)")));
        }
        return findings;
    }

    /** The description of the rule that denies the traffic, or empty when the traffic is allowed. */
    private static Optional<String> denial(List<SecurityRule> rules, Traffic traffic) {
        Optional<SecurityRule> deciding = SecurityRuleEvaluator.decidingRule(rules, traffic);
        if (deciding.isEmpty()) {
            return Optional.of("no rule allowing it (the implicit deny)");
        }
        SecurityRule rule = deciding.get();
        return rule.access() == Access.DENY
            ? Optional.of("security rule " + rule.name() + " (priority " + rule.priority() + ")")
            : Optional.empty();
    }
}
