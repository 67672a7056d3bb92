package io.hapair.cloud.azure;

import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.SecurityRuleInner;
import com.azure.resourcemanager.network.models.SecurityRuleAccess;
import com.azure.resourcemanager.network.models.SecurityRuleDirection;
import com.azure.resourcemanager.network.models.SecurityRuleProtocol;
import io.hapair.cloud.plan.Change;
import io.hapair.cloud.topology.SecurityRule;

import java.util.ArrayList;
import java.util.List;

/** Edits an in-memory NSG so that one PUT carries every security-rule change of a plan. */
final class SecurityGroupEditor {

    private SecurityGroupEditor() {
    }

    static void apply(NetworkSecurityGroupInner group, Change change) {
        List<SecurityRuleInner> rules = group.securityRules() == null ? new ArrayList<>()
            : new ArrayList<>(group.securityRules());
        if (change instanceof Change.Remove) {
            rules.removeIf(rule -> change.name().equals(rule.name()));
        } else {
            SecurityRuleInner rule = rules.stream().filter(existing -> change.name().equals(existing.name()))
                .findFirst().orElseGet(() -> {
                    SecurityRuleInner created = new SecurityRuleInner().withName(change.name());
                    rules.add(created);
                    return created;
                });
            write(rule, (SecurityRule) change.part());
        }
        group.withSecurityRules(rules);
    }

    private static void write(SecurityRuleInner rule, SecurityRule wanted) {
        rule.withPriority(wanted.priority())
            .withDirection(wanted.direction() == SecurityRule.Direction.INBOUND ? SecurityRuleDirection.INBOUND
                : SecurityRuleDirection.OUTBOUND)
            .withAccess(wanted.access() == SecurityRule.Access.ALLOW ? SecurityRuleAccess.ALLOW : SecurityRuleAccess.DENY)
            .withProtocol(switch (wanted.protocol()) {
                case TCP -> SecurityRuleProtocol.TCP;
                case UDP -> SecurityRuleProtocol.UDP;
                case ANY, OTHER -> SecurityRuleProtocol.ASTERISK;
            })
            .withSourcePortRange("*").withSourcePortRanges(List.of());
        // ARM takes either the single field or the list, never both filled.
        rule.withSourceAddressPrefix(single(wanted.sources())).withSourceAddressPrefixes(many(wanted.sources()))
            .withDestinationAddressPrefix(single(wanted.destinations()))
            .withDestinationAddressPrefixes(many(wanted.destinations()))
            .withDestinationPortRange(single(wanted.destinationPorts()))
            .withDestinationPortRanges(many(wanted.destinationPorts()));
    }

    private static String single(List<String> values) {
        return values.size() == 1 ? values.get(0) : null;
    }

    private static List<String> many(List<String> values) {
        return values.size() == 1 ? List.of() : values;
    }
}
