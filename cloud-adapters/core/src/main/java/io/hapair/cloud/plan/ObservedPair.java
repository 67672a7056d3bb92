package io.hapair.cloud.plan;

import io.hapair.cloud.topology.BackendPool;
import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.CloudPart;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.SecurityRule;

import java.util.ArrayList;
import java.util.List;

/**
 * What an adapter read from the cloud, translated into plain parts: everything on the balancer and
 * in the security group, owned by this pair or not. Pool members and NAT targets name the pair's
 * nodes ({@code node1}, {@code node2}). {@code builtInSecurityRules} are the cloud's own fixed rules
 * (Azure's default rules): never planned, only evaluated by diagnostics.
 */
public record ObservedPair(List<BackendPool> pools, List<HealthProbe> probes, List<BalancingRule> balancingRules,
                           List<NatRule> natRules, List<SecurityRule> securityRules,
                           List<SecurityRule> builtInSecurityRules) {

    public ObservedPair {
        pools = List.copyOf(pools);
        probes = List.copyOf(probes);
        balancingRules = List.copyOf(balancingRules);
        natRules = List.copyOf(natRules);
        securityRules = List.copyOf(securityRules);
        builtInSecurityRules = List.copyOf(builtInSecurityRules);
    }

    /** A balancer and security group with nothing on them, e.g. a balancer about to be created. */
    public static ObservedPair empty() {
        return new ObservedPair(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** Every plannable part, in plan order. */
    public List<CloudPart> parts() {
        List<CloudPart> parts = new ArrayList<>();
        parts.addAll(pools);
        parts.addAll(probes);
        parts.addAll(balancingRules);
        parts.addAll(natRules);
        parts.addAll(securityRules);
        return parts;
    }
}
