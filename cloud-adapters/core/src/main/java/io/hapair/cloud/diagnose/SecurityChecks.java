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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates the live security rules (ours, the operator's and the cloud's built-in ones) for the
 * flows cloud HA cannot live without: the balancer's probes to each node's check port, the peer
 * link between the nodes (TCP for the TLS link, UDP for the heartbeats), clients to each node on
 * the ports of the nodes' virtual services, and the SNMP managers of the topology's monitoring sources to
 * each node's agent. A flow must pass the pair's own security group and every
 * other layer guarding its node (an Azure subnet's or NIC's NSG). A fix says whether
 * {@code hanode cloud apply} would open the flow, which it can only do in the pair's own group and
 * when the topology's own rules allow it.
 */
final class SecurityChecks {

    private static final String APPLY = "hanode cloud apply";

    private final PairTopology topology;
    private final NetworkFacts facts;
    private final List<SecurityRule> rules = new ArrayList<>();

    /** What stops a flow: a rule or the implicit deny, in the pair's own group ({@code layer} null) or another. */
    private record Block(SecurityLayer layer, Optional<SecurityRule> rule) {
    }

    /** The senders whose flows to a node are stopped, what stops the first of them, and that flow. */
    private record Stopped(List<String> senders, Block block, Traffic sample) {
    }

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
        for (Protocol protocol : List.of(Protocol.TCP, Protocol.UDP)) {
            topology.nodes().forEach(node -> checks.peerLinkFrom(node, protocol).ifPresent(findings::add));
        }
        served.forEach((port, names) -> checks.clientsTo(port, names).ifPresent(findings::add));
        topology.nodes().forEach(node -> checks.managersTo(node).ifPresent(findings::add));
        return findings;
    }

    private Optional<Finding> probesTo(PairNode node) {
        int port = topology.healthCheckPort();
        Map<String, Traffic> probes = new LinkedHashMap<>();
        for (String address : facts.probeSourceAddresses()) {
            probes.put(address, new Traffic(Protocol.TCP, address, facts.probeSourceTags(), node.address(),
                facts.nodeTags(), port));
        }
        return stopped(probes, node).map(stopped -> {
            String tags = String.join("/", facts.probeSourceTags());
            String blocked = String.join(", ", stopped.senders());
            return new Finding(Check.PROBE_BLOCKED, node.name() + " (" + node.address() + ")",
                describe(stopped.block()) + " blocks the balancer's probes (" + (tags.isEmpty() ? "" : tags + " ")
                    + blocked + ") to port " + port + ", so the balancer sees the node as down",
                "allow TCP " + port + " from " + (tags.isEmpty() ? blocked : tags) + where(stopped.block())
                    + applyNote(stopped.block(), stopped.sample(), "probeSources", APPLY));
        });
    }

    private Optional<Finding> peerLinkFrom(PairNode from, Protocol protocol) {
        PairNode to = from.equals(topology.node1()) ? topology.node2() : topology.node1();
        Traffic peer = new Traffic(protocol, from.address(), facts.nodeTags(), to.address(), facts.nodeTags(),
            topology.peerPort());
        Optional<Block> stopped = blocking(peer, to);
        if (stopped.isEmpty()) {
            return Optional.empty();
        }
        String what = protocol == Protocol.UDP ? "the heartbeat datagrams are lost"
            : "the TLS link (settings sync, commands and the heartbeats' keys) cannot be set up";
        String flow = protocol + " " + topology.peerPort();
        return Optional.of(new Finding(Check.PEER_PORT_BLOCKED, from.name() + " -> " + to.name() + " (" + flow + ")",
            describe(stopped.get()) + " blocks the peer link (" + flow + " from " + from.address() + " to "
                + to.address() + "): " + what + ", so each node may take the other for dead and both turn active",
            "allow " + flow + " between " + from.address() + " and " + to.address() + where(stopped.get())
                + applyNote(stopped.get(), peer, "the node addresses", APPLY)));
    }

    /** Clients from every client source must reach both nodes on a virtual service's port. */
    private Optional<Finding> clientsTo(PublishedPort port, List<String> names) {
        Set<String> blockedSources = new LinkedHashSet<>();
        Set<String> blockedNodes = new LinkedHashSet<>();
        Block block = null;
        Traffic sample = null;
        for (String source : topology.clientSources()) {
            for (PairNode node : topology.nodes()) {
                Traffic client = client(source, node, port);
                Optional<Block> stopped = blocking(client, node);
                if (stopped.isPresent()) {
                    blockedSources.add(source);
                    blockedNodes.add(node.address());
                    block = block == null ? stopped.get() : block;
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
            describe(block) + " blocks clients (" + sources + ") from " + traffic + " on " + nodes
                + ", so they cannot reach it through the balancer",
            "allow " + traffic + " from " + sources + " to " + nodes + where(block)
                + applyNote(block, sample, "clientSources", APPLY + " --from-node NODE_URL")));
    }

    /** The SNMP managers of every monitoring source must reach the node's agent: UDP, at the node's own address. */
    private Optional<Finding> managersTo(PairNode node) {
        PublishedPort agent = new PublishedPort(topology.snmpPort(), Protocol.UDP);
        Map<String, Traffic> managers = new LinkedHashMap<>();
        topology.monitoringSources().forEach(source -> managers.put(source, client(source, node, agent)));
        return stopped(managers, node).map(stopped -> {
            String traffic = "UDP " + agent.port();
            String sources = String.join(", ", stopped.senders());
            return new Finding(Check.SNMP_BLOCKED, node.name() + " (" + node.address() + ")",
                describe(stopped.block()) + " blocks the SNMP managers (" + sources + ") from " + traffic
                    + ", so they cannot poll the node's agent",
                "allow " + traffic + " from " + sources + " to " + node.address() + where(stopped.block())
                    + applyNote(stopped.block(), stopped.sample(), "monitoringSources", APPLY));
        });
    }

    /** The senders among {@code flows} (by sender) that are stopped on their way to {@code node}, with the first stop. */
    private Optional<Stopped> stopped(Map<String, Traffic> flows, PairNode node) {
        List<String> senders = new ArrayList<>();
        Block block = null;
        Traffic sample = null;
        for (Map.Entry<String, Traffic> flow : flows.entrySet()) {
            Optional<Block> stop = blocking(flow.getValue(), node);
            if (stop.isPresent()) {
                senders.add(flow.getKey());
                if (block == null) {
                    block = stop.get();
                    sample = flow.getValue();
                }
            }
        }
        return senders.isEmpty() ? Optional.empty() : Optional.of(new Stopped(senders, block, sample));
    }

    /**
     * The first security group that stops the flow to the node: the pair's own, then every other
     * layer that guards the node; each decides on its own and the flow must pass all of them.
     */
    private Optional<Block> blocking(Traffic traffic, PairNode to) {
        Optional<SecurityRule> own = SecurityRuleEvaluator.decidingRule(rules, traffic);
        if (denies(own)) {
            return Optional.of(new Block(null, own));
        }
        for (SecurityLayer layer : facts.otherLayers()) {
            if (layer.nodes().contains(to.name())) {
                Optional<SecurityRule> deciding = SecurityRuleEvaluator.decidingRule(layer.rules(), traffic);
                if (denies(deciding)) {
                    return Optional.of(new Block(layer, deciding));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean denies(Optional<SecurityRule> deciding) {
        return deciding.isEmpty() || deciding.get().access() == Access.DENY;
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

    private static String describe(Block block) {
        String rule = block.rule().map(found -> "security rule " + found.name() + " (priority " + found.priority() + ")")
            .orElse("no rule allowing it (the implicit deny)");
        return block.layer() == null ? rule : block.layer().name() + ": " + rule;
    }

    /** Where the allow rule goes: before the denying rule, in the group that denies. */
    private static String where(Block block) {
        String before = block.rule().map(rule -> " with a lower priority number than security rule " + rule.name())
            .orElse("");
        return block.layer() == null ? before : " in " + block.layer().name() + before;
    }

    /**
     * Whether {@code command} would open the flow: only in the pair's own group, and only when the
     * topology's own rules allow it.
     */
    private String applyNote(Block block, Traffic traffic, String setting, String command) {
        if (block.layer() != null) {
            return "; " + command + " changes only the pair's own security group, so add it there by hand";
        }
        boolean desiredAllows = SecurityRuleEvaluator.decidingRule(topology.securityRules(), traffic)
            .map(rule -> rule.access() == Access.ALLOW).orElse(false);
        return desiredAllows ? " (" + command + " adds one)" : "; " + command + " cannot, because the topology's "
            + "rules do not cover it: fix " + setting + " in the topology";
    }
}
