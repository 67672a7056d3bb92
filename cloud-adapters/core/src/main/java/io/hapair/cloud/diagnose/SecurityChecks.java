package io.hapair.cloud.diagnose;

import io.hapair.cloud.diagnose.Finding.Check;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.Ipv4;
import io.hapair.cloud.topology.PairNode;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.PublishedPort;
import io.hapair.cloud.topology.SecurityRule;
import io.hapair.cloud.topology.SecurityRule.Access;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates the live security rules (ours, the operator's and the cloud's built-in ones) for the
 * flows cloud HA cannot live without: the balancer's probes to each node's check port, the peer
 * link between the nodes, and clients to each node on the ports of the nodes' virtual services. A
 * fix says whether {@code hanode cloud apply} would open the flow, which it can only do when the
 * topology's own rules allow it.
 */
final class SecurityChecks {

    private static final String APPLY = "hanode cloud apply";

    private final PairTopology topology;
    private final NetworkFacts facts;
    private final List<SecurityRule> rules = new ArrayList<>();

    private SecurityChecks(PairTopology topology, ObservedPair observed, NetworkFacts facts) {
        this.topology = topology;
        this.facts = facts;
        rules.addAll(observed.securityRules());
        rules.addAll(observed.builtInSecurityRules());
    }

    /** @param served the nodes' virtual services by the port they listen on */
    static List<Finding> run(PairTopology topology, ObservedPair observed, NetworkFacts facts,
                             Map<PublishedPort, List<String>> served) {
        SecurityChecks checks = new SecurityChecks(topology, observed, facts);
        List<Finding> findings = new ArrayList<>();
        topology.nodes().forEach(node -> checks.probesTo(node).ifPresent(findings::add));
        topology.nodes().forEach(node -> checks.peerLinkFrom(node).ifPresent(findings::add));
        served.forEach((port, names) -> checks.clientsTo(port, names).ifPresent(findings::add));
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
                + lowerPriorityThan(denyingRule) + applyNote(sample, "probeSources", APPLY)));
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
                + lowerPriorityThan(deciding) + applyNote(peer, "the node addresses", APPLY)));
    }

    /** Clients from every client source must reach both nodes on a virtual service's port. */
    private Optional<Finding> clientsTo(PublishedPort port, List<String> names) {
        Set<String> blockedSources = new LinkedHashSet<>();
        Set<String> blockedNodes = new LinkedHashSet<>();
        Optional<SecurityRule> denyingRule = Optional.empty();
        Traffic sample = null;
        for (String source : topology.clientSources()) {
            for (PairNode node : topology.nodes()) {
                Traffic client = client(source, node, port);
                Optional<SecurityRule> deciding = SecurityRuleEvaluator.decidingRule(rules, client);
                if (deciding.isEmpty() || deciding.get().access() == Access.DENY) {
                    blockedSources.add(source);
                    blockedNodes.add(node.address());
                    denyingRule = denyingRule.or(() -> deciding);
                    sample = sample == null ? client : sample;
                }
            }
        }
        if (blockedSources.isEmpty()) {
            return Optional.empty();
        }
        String traffic = port.protocol() + " " + port.port();
        String sources = String.join(", ", blockedSources);
        String nodes = String.join(", ", blockedNodes);
        return Optional.of(new Finding(Check.VIRTUAL_SERVICE_BLOCKED, PairDiagnosis.subject(port, names),
            describe(denyingRule) + " blocks clients (" + sources + ") from " + traffic + " on " + nodes
                + ", so they cannot reach it through the balancer",
            "allow " + traffic + " from " + sources + " to " + nodes + lowerPriorityThan(denyingRule)
                + applyNote(sample, "clientSources", APPLY + " --from-node NODE_URL")));
    }

    /**
     * A client in one of the topology's client sources: a prefix stands for its first address, a
     * service tag or group ID for itself, as rules name it.
     */
    private Traffic client(String source, PairNode node, PublishedPort port) {
        String first = source.split("/", 2)[0];
        boolean prefix = Ipv4.isAddress(first);
        return new Traffic(port.protocol(), prefix ? first : source, prefix ? Set.of() : Set.of(source),
            node.address(), facts.nodeTags(), port.port());
    }

    private static String describe(Optional<SecurityRule> denying) {
        return denying.map(rule -> "security rule " + rule.name() + " (priority " + rule.priority() + ")")
            .orElse("no rule allowing it (the implicit deny)");
    }

    private static String lowerPriorityThan(Optional<SecurityRule> denying) {
        return denying.map(rule -> " with a lower priority number than security rule " + rule.name()).orElse("");
    }

    /** Whether {@code command} would open the flow: only when the topology's own rules allow it. */
    private String applyNote(Traffic traffic, String setting, String command) {
        boolean desiredAllows = SecurityRuleEvaluator.decidingRule(topology.securityRules(), traffic)
            .map(rule -> rule.access() == Access.ALLOW).orElse(false);
        return desiredAllows ? " (" + command + " adds one)" : "; " + command + " cannot, because the topology's "
            + "rules do not cover it: fix " + setting + " in the topology";
    }
}
