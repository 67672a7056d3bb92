package io.hapair.cloud.aws;

import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.InvalidTopologyException;
import io.hapair.cloud.topology.Ipv4;
import io.hapair.cloud.topology.PairTopology;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What AWS accepts of a pair's topology, checked before any call so that bad input names the
 * setting instead of surfacing as an API error halfway through an apply.
 */
final class AwsLimits {

    // Target group names: up to 32 letters, digits and hyphens, not starting or ending with a hyphen.
    private static final Pattern TARGET_GROUP_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?");
    private static final Pattern GROUP_OR_PREFIX_LIST = Pattern.compile("(sg|pl)-[0-9a-f]{8}(?:[0-9a-f]{9})?");
    // NLB health checks: 5-300 s between probes, 2-10 passed or failed probes.
    private static final int MAX_INTERVAL = 300;
    private static final int MIN_THRESHOLD = 2;
    private static final int MAX_THRESHOLD = 10;

    private AwsLimits() {
    }

    static void check(PairTopology topology, CloudSettings settings) {
        for (String name : targetGroupNames(topology)) {
            if (!TARGET_GROUP_NAME.matcher(name).matches()) {
                throw new InvalidTopologyException("namePrefix", "target group name " + name + " (" + name.length()
                    + " characters) is not valid on AWS, which allows 32 letters, digits and '-'",
                    "use a shorter prefix of letters, digits and '-', e.g. hapair-");
            }
        }
        HealthProbe probe = topology.probe();
        if (probe.intervalSeconds() > MAX_INTERVAL) {
            throw new InvalidTopologyException("probe.intervalSeconds", probe.intervalSeconds() + " is out of range",
                "an NLB probes every 5 to " + MAX_INTERVAL + " s");
        }
        if (probe.unhealthyThreshold() < MIN_THRESHOLD || probe.unhealthyThreshold() > MAX_THRESHOLD) {
            throw new InvalidTopologyException("probe.unhealthyThreshold", probe.unhealthyThreshold()
                + " is out of range", "an NLB counts " + MIN_THRESHOLD + " to " + MAX_THRESHOLD + " failed probes");
        }
        checkSources(settings, "clientSources", topology.clientSources(),
            "the VPC's CIDR such as 10.0.0.0/16, or your admin networks");
        checkSources(settings, "probeSources", topology.probeSources(),
            "the NLB's subnets' CIDRs such as 10.0.0.0/24,10.0.1.0/24, or the NLB's security group");
    }

    /** AWS has no service tags such as Azure's VirtualNetwork: sources are CIDRs or group IDs. */
    private static void checkSources(CloudSettings settings, String key, List<String> sources, String example) {
        if (!settings.has(key)) {
            throw new InvalidTopologyException(key, "missing; AWS has no default for it", "give " + example);
        }
        for (String source : sources) {
            if (!Ipv4.isPrefix(source) && !GROUP_OR_PREFIX_LIST.matcher(source).matches()) {
                throw new InvalidTopologyException(key, "'" + source + "' is neither a CIDR nor a security group or "
                    + "prefix list ID", "write 10.0.0.5/32 for one address; give " + example);
            }
        }
    }

    private static List<String> targetGroupNames(PairTopology topology) {
        List<String> names = new ArrayList<>();
        topology.balancingRules().forEach(rule -> names.add(rule.name()));
        topology.natRules().forEach(rule -> names.add(rule.name()));
        return names;
    }
}
