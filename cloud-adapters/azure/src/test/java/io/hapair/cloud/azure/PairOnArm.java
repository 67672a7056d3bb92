package io.hapair.cloud.azure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.PairNode;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.SecurityRule;

import java.util.List;
import java.util.Map;

/**
 * What ARM returns once a pair is wired exactly as its topology says: written here by hand from
 * the topology's plain values, independently of the adapter's own translation.
 */
final class PairOnArm {

    static final Map<String, String> NICS = Map.of("node1", "nic-node1", "node2", "nic-node2");

    private PairOnArm() {
    }

    static ObjectNode balancer(PairTopology topology, String etag) {
        ObjectNode lb = ArmDocuments.loadBalancer(etag);
        ArmDocuments.add(lb, "backendAddressPools", ArmDocuments.pool(topology.backendPool().name()));
        ArmDocuments.add(lb, "probes", ArmDocuments.probe(topology.probe().name(), "Http", 8444, "/", 5, 2));
        for (BalancingRule rule : topology.balancingRules()) {
            ObjectNode written = ArmDocuments.rule(rule.name(), rule.frontendPort(), rule.probe(), rule.backendPool(),
                false);
            written.withObject("/properties").put("protocol", rule.protocol() == Protocol.UDP ? "Udp" : "Tcp");
            ArmDocuments.add(lb, "loadBalancingRules", written);
        }
        for (NatRule nat : topology.natRules()) {
            ArmDocuments.add(lb, "inboundNatRules", ArmDocuments.nat(nat.name(), nat.frontendPort(), nat.backendPort(),
                NICS.get(nat.target())));
        }
        return lb;
    }

    static ObjectNode boundNic(PairTopology topology, PairNode node) {
        List<String> nats = topology.natRules().stream().filter(nat -> nat.target().equals(node.name()))
            .map(NatRule::name).toList();
        return ArmDocuments.nic(NICS.get(node.name()), node.address(), List.of(topology.backendPool().name()), nats);
    }

    static ObjectNode unboundNic(PairNode node) {
        return ArmDocuments.nic(NICS.get(node.name()), node.address(), List.of(), List.of());
    }

    static ObjectNode securityGroup(PairTopology topology, String etag) {
        ObjectNode[] rules = topology.securityRules().stream().map(PairOnArm::securityRule).toArray(ObjectNode[]::new);
        return ArmDocuments.securityGroup(etag, rules);
    }

    private static ObjectNode securityRule(SecurityRule rule) {
        String protocol = switch (rule.protocol()) {
            case TCP -> "Tcp";
            case UDP -> "Udp";
            default -> "*";
        };
        ObjectNode arm = ArmDocuments.securityRule(rule.name(), rule.priority(),
            rule.access() == SecurityRule.Access.ALLOW ? "Allow" : "Deny", protocol, null, null, null);
        ObjectNode properties = arm.withObject("/properties");
        place(properties, "sourceAddressPrefix", "sourceAddressPrefixes", rule.sources());
        place(properties, "destinationAddressPrefix", "destinationAddressPrefixes", rule.destinations());
        place(properties, "destinationPortRange", "destinationPortRanges", rule.destinationPorts());
        return arm;
    }

    /** ARM fills the single field for one value and the list for several. */
    private static void place(ObjectNode properties, String single, String list, List<String> values) {
        if (values.size() == 1) {
            properties.put(single, values.get(0));
        } else {
            properties.remove(single);
            values.forEach(properties.withArray(list)::add);
        }
    }
}
