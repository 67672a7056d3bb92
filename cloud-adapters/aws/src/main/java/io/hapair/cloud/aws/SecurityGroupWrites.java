package io.hapair.cloud.aws;

import io.hapair.cloud.adapter.WriteSteps;
import io.hapair.cloud.plan.Change;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.SecurityRule;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The writes that bring the pair's security rules from what observe read to the topology: per
 * changed part, one tagged authorize of the permissions it lacks; then one revoke of the pair's
 * own permissions no part wants any more. Adding first means a changed rule never leaves a gap.
 * Only rules tagged with the pair id are ever revoked.
 */
final class SecurityGroupWrites {

    private static final String CHAIN = "security group";

    private SecurityGroupWrites() {
    }

    static void add(WriteSteps steps, List<Change> changes, PairTopology topology, PairTags tags,
                    AwsSnapshot snapshot, Ec2Repository ec2) {
        SecurityGroupEntries entries = new SecurityGroupEntries(topology, tags, snapshot);
        String group = entries.pairGroupId();
        Map<String, SecurityRule> wanted = topology.securityRules().stream()
            .collect(Collectors.toMap(SecurityRule::name, Function.identity()));
        List<String> leaving = new ArrayList<>();
        List<Change> revoking = new ArrayList<>();
        for (Change change : changes) {
            String part = change.name();
            List<Permission> want = wanted.containsKey(part) ? Permission.of(wanted.get(part)) : List.of();
            List<SecurityGroupRule> own = entries.owned().getOrDefault(part, List.of());
            List<Permission> have = new ArrayList<>(entries.coveredFor(part));
            own.forEach(rule -> have.add(Permission.of(rule, group)));
            List<Permission> missing = want.stream().filter(permission -> !have.contains(permission)).toList();
            if (!missing.isEmpty()) {
                steps.add(CHAIN, "security group " + group + ": allow " + describe(missing) + " (" + part + ")",
                    List.of(change), () -> ec2.authorize(group, missing, part, tags.securityRule(part)));
            }
            List<String> unwanted = own.stream().filter(rule -> !want.contains(Permission.of(rule, group)))
                .map(SecurityGroupRule::securityGroupRuleId).toList();
            if (!unwanted.isEmpty()) {
                leaving.addAll(unwanted);
                revoking.add(change);
            }
        }
        if (!leaving.isEmpty()) {
            steps.add(CHAIN, "security group " + group + ": revoke " + String.join(", ", leaving), revoking,
                () -> ec2.revoke(group, leaving));
        }
    }

    private static String describe(List<Permission> permissions) {
        return permissions.stream().map(permission -> permission.ipProtocol() + " " + permission.ports() + " from "
            + permission.source()).collect(Collectors.joining(", "));
    }
}
