package io.hapair.cloud.aws;

import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.SecurityRule;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The live inbound rules of the nodes' security groups, sorted into the pair's own (in the pair's
 * group, tagged with the pair id and a part), those that cover one of the pair's permissions
 * without being the pair's (AWS refuses a second identical permission, so an operator's identical
 * rule already does the job and is counted, never touched), and the rest.
 */
final class SecurityGroupEntries {

    private final Map<String, List<SecurityGroupRule>> owned = new LinkedHashMap<>();
    private final Map<String, List<Permission>> covered = new LinkedHashMap<>();
    private final List<SecurityGroupRule> others = new ArrayList<>();
    private final String pairGroupId;

    SecurityGroupEntries(PairTopology topology, PairTags tags, AwsSnapshot snapshot) {
        this.pairGroupId = snapshot.securityGroupId();
        Map<Permission, String> wanted = new LinkedHashMap<>();
        for (SecurityRule rule : topology.securityRules()) {
            Permission.of(rule).forEach(permission -> wanted.putIfAbsent(permission, rule.name()));
        }
        for (SecurityGroupRule rule : snapshot.securityRules()) {
            Map<String, String> ruleTags = rule.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value,
                (first, second) -> first));
            boolean inPairGroup = pairGroupId.equals(rule.groupId());
            String part = ruleTags.get(PairTags.PART);
            Permission permission = Permission.of(rule, pairGroupId);
            if (inPairGroup && tags.owns(ruleTags) && part != null && topology.owns(part)) {
                owned.computeIfAbsent(part, key -> new ArrayList<>()).add(rule);
            } else if (inPairGroup && wanted.containsKey(permission)) {
                covered.computeIfAbsent(wanted.get(permission), key -> new ArrayList<>()).add(permission);
            } else {
                others.add(rule);
            }
        }
    }

    /** The pair's own rules by part name. */
    Map<String, List<SecurityGroupRule>> owned() {
        return owned;
    }

    /** Permissions of a part that someone else's identical rule already grants. */
    List<Permission> coveredFor(String part) {
        return covered.getOrDefault(part, List.of());
    }

    /** The parts that exist at all, owned or covered, in the order first seen. */
    List<String> parts() {
        List<String> parts = new ArrayList<>(owned.keySet());
        covered.keySet().stream().filter(part -> !parts.contains(part)).forEach(parts::add);
        return parts;
    }

    List<SecurityGroupRule> others() {
        return others;
    }

    String pairGroupId() {
        return pairGroupId;
    }
}
