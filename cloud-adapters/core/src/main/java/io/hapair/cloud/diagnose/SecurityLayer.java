package io.hapair.cloud.diagnose;

import io.hapair.cloud.topology.SecurityRule;

import java.util.List;
import java.util.Set;

/**
 * A further set of security rules that inbound traffic to some of the nodes must also pass, besides
 * the security group the pair manages: on Azure the NSG of a node's subnet, or of a node's NIC when
 * that is not the managed one. {@code rules} include the group's built-in default rules;
 * {@code nodes} names the pair's nodes it guards.
 */
public record SecurityLayer(String name, Set<String> nodes, List<SecurityRule> rules) {

    public SecurityLayer {
        nodes = Set.copyOf(nodes);
        rules = List.copyOf(rules);
    }
}
