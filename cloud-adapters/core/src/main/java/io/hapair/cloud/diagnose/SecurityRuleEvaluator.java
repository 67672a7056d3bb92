package io.hapair.cloud.diagnose;

import io.hapair.cloud.topology.Ipv4;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.SecurityRule;
import io.hapair.cloud.topology.SecurityRule.Direction;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides inbound traffic the way Azure evaluates a network security group: rules in ascending
 * priority, the first match wins, and traffic no rule matches is denied.
 */
public final class SecurityRuleEvaluator {

    private SecurityRuleEvaluator() {
    }

    /** The rule that decides the traffic, or empty when none matches (then it is denied). */
    public static Optional<SecurityRule> decidingRule(List<SecurityRule> rules, Traffic traffic) {
        return rules.stream()
            .filter(rule -> rule.direction() == Direction.INBOUND)
            .sorted(Comparator.comparingInt(SecurityRule::priority))
            .filter(rule -> matches(rule, traffic))
            .findFirst();
    }

    private static boolean matches(SecurityRule rule, Traffic traffic) {
        return (rule.protocol() == Protocol.ANY || rule.protocol() == traffic.protocol())
            && rule.sources().stream().anyMatch(prefix -> covers(prefix, traffic.sourceAddress(), traffic.sourceTags()))
            && rule.destinations().stream()
                .anyMatch(prefix -> covers(prefix, traffic.destinationAddress(), traffic.destinationTags()))
            && rule.destinationPorts().stream().anyMatch(range -> portIn(range, traffic.port()));
    }

    private static boolean covers(String prefix, String address, Set<String> tags) {
        return "*".equals(prefix) || "Any".equalsIgnoreCase(prefix)
            || tags.stream().anyMatch(prefix::equalsIgnoreCase)
            || Ipv4.contains(prefix, address);
    }

    private static boolean portIn(String range, int port) {
        if ("*".equals(range)) {
            return true;
        }
        int dash = range.indexOf('-');
        try {
            if (dash < 0) {
                return Integer.parseInt(range.trim()) == port;
            }
            return Integer.parseInt(range.substring(0, dash).trim()) <= port
                && port <= Integer.parseInt(range.substring(dash + 1).trim());
        } catch (NumberFormatException notAPortRange) {
            return false;
        }
    }
}
