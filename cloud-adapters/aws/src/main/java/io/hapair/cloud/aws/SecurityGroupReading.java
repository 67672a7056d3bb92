package io.hapair.cloud.aws;

import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.SecurityRule;
import io.hapair.cloud.topology.SecurityRule.Access;
import io.hapair.cloud.topology.SecurityRule.Direction;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the nodes' security group rules as core security rules: the pair's per-source permissions
 * of one part grouped back into that part, every other rule on its own, named by its
 * {@code sgr-} ID. All are unordered allows (priority 0); a rule's destinations are the nodes whose
 * instances carry its group, which is how one evaluation covers several groups.
 */
final class SecurityGroupReading {

    private SecurityGroupReading() {
    }

    static List<SecurityRule> rules(PairTopology topology, PairTags tags, AwsSnapshot snapshot) {
        SecurityGroupEntries entries = new SecurityGroupEntries(topology, tags, snapshot);
        List<SecurityRule> rules = new ArrayList<>();
        for (String part : entries.parts()) {
            List<Permission> permissions = new ArrayList<>(entries.coveredFor(part));
            entries.owned().getOrDefault(part, List.of())
                .forEach(rule -> permissions.add(Permission.of(rule, entries.pairGroupId())));
            rules.add(rule(part, permissions, guarded(snapshot, entries.pairGroupId())));
        }
        for (SecurityGroupRule other : entries.others()) {
            rules.add(rule(other.securityGroupRuleId(), List.of(Permission.of(other, entries.pairGroupId())),
                guarded(snapshot, other.groupId())));
        }
        return rules;
    }

    /**
     * One part's permissions as one rule: a protocol all share (or OTHER when they disagree, which
     * shows as drift), and every source and port any of them has.
     */
    private static SecurityRule rule(String name, List<Permission> permissions, List<String> destinations) {
        Set<Protocol> protocols = new LinkedHashSet<>();
        Set<String> sources = new LinkedHashSet<>();
        Set<String> ports = new LinkedHashSet<>();
        for (Permission permission : permissions) {
            protocols.add(permission.protocol());
            sources.add(permission.source());
            ports.add(permission.ports());
        }
        Protocol protocol = protocols.size() == 1 ? protocols.iterator().next() : Protocol.OTHER;
        return new SecurityRule(name, 0, Direction.INBOUND, Access.ALLOW, protocol, List.copyOf(sources),
            destinations, List.copyOf(ports));
    }

    /** The addresses of the nodes whose instances carry the group. */
    private static List<String> guarded(AwsSnapshot snapshot, String groupId) {
        return snapshot.instances().stream().filter(instance -> instance.securityGroups().contains(groupId))
            .map(instance -> instance.node().address()).toList();
    }
}
