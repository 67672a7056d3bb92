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
 * peer link between the nodes. A fix says whether {@code hanode cloud apply} would open the flow,
 * which it can only do when the topology's own rules allow it.
 */
final class SecurityChecks {

    private static final String APPLY_ADDS = " (hanode cloud apply adds one)";

    private final PairTopology topology;
    private final NetworkFacts facts;
    private final List<SecurityRule> rules = new ArrayList<>();

    private SecurityChecks(PairTopology topology, ObservedPair observed, NetworkFacts facts) {
        this.topology = topology;
        this.facts = facts;
        rules.addAll(observed.securityRules());
        rules.addAll(observed.builtInSecurityRules());
    }

    static List<Finding> run(PairTopology topology, ObservedPair observed, NetworkFacts facts) {
        SecurityChecks checks = new SecurityChecks(topology, observed, facts);
        List<Finding> findings = new ArrayList<>();
        topology.nodes().forEach(node -> checks.probesTo(node).ifPresent(findings::add));
        topology.nodes().forEach(node -> checks.peerLinkFrom(node).ifPresent(findings::add));
        return findings;
    }

    private Optional<Finding> probesTo(PairNode node) {
        int port = topology.healthCheckPort();
        List<String> blocked = new ArrayList<>();
        Optional<SecurityRule> denyingRule = Optional.empty();
        Traffic sample = null;
        for (String address : facts.probeSourceAddresses()) {
            Traffic probe = new Traffic(Protocol.TCP, address, facts.probeSourceTags(), node.address(),
                facts.nodeTags(), port);
            Optional<SecurityRule> deciding = SecurityRuleEvaluator.decidingRule(rules, probe);
            if (deciding.isEmpty() || deciding.get().access() == Access.DENY) {
                blocked.add(address);
                denyingRule = denyingRule.or(() -> deciding);
                sample = sample == null ? probe : sample;
            }
        }
        if (blocked.isEmpty()) {
            return Optional.empty();
        }
        String tags = String.join("/", facts.probeSourceTags());
        String source = (tags.isEmpty() ? "" : tags + " ") + String.join(", ", blocked);
        return Optional.of(new Finding(Check.PROBE_BLOCKED, node.name() + " (" + node.address() + ")",
            describe(denyingRule) + " blocks the balancer's probes (" + source + ") to port " + port
                + ", so the balancer sees the node as down",
            "allow TCP " + port + " from " + (tags.isEmpty() ? String.join(", ", blocked) : tags)
                + lowerPriorityThan(denyingRule) + applyNote(sample, "probeSources")));
    }

    private Optional<Finding> peerLinkFrom(PairNode from) {
        PairNode to = from.equals(topology.node1()) ? topology.node2() : topology.node1();
        Traffic peer = new Traffic(Protocol.TCP, from.address(), facts.nodeTags(), to.address(), facts.nodeTags(),
            topology.peerPort());
        Optional<SecurityRule> deciding = SecurityRuleEvaluator.decidingRule(rules, peer);
        if (deciding.isPresent() && deciding.get().access() == Access.ALLOW) {
            return Optional.empty();
        }
        return Optional.of(new Finding(Check.PEER_PORT_BLOCKED, from.name() + " -> " + to.name(),
            describe(deciding) + " blocks the peer link (TCP " + topology.peerPort() + " from " + from.address()
                + " to " + to.address() + "), so the nodes cannot heartbeat or sync and both may turn active",
            "allow TCP " + topology.peerPort() + " between " + from.address() + " and " + to.address()
                + lowerPriorityThan(deciding) + applyNote(peer, "the node addresses")));
    }

    private static String describe(Optional<SecurityRule> denying) {
        return denying.map(rule -> "security rule " + rule.name() + " (priority " + rule.priority() + ")")
            .orElse("no rule allowing it (the implicit deny)");
    }

    private static String lowerPriorityThan(Optional<SecurityRule> denying) {
        return denying.map(rule -> " with a lower priority number than security rule " + rule.name()).orElse("");
    }

    /** Whether apply would open the flow: only when the topology's own rules allow it. */
    private String applyNote(Traffic traffic, String setting) {
        boolean desiredAllows = SecurityRuleEvaluator.decidingRule(topology.securityRules(), traffic)
            .map(rule -> rule.access() == Access.ALLOW).orElse(false);
        return desiredAllows ? APPLY_ADDS : "; hanode cloud apply cannot, because the topology's rules do not "
            + "cover it: fix " + setting + " in the topology";
    }
}
