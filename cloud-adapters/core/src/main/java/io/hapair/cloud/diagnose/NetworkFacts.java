package io.hapair.cloud.diagnose;

import java.util.List;
import java.util.Set;

/**
 * Cloud facts that security-rule diagnostics need. {@code probeSourceAddresses} and
 * {@code probeSourceTags} describe where the balancer's probes come from (Azure: 168.63.129.16,
 * tag AzureLoadBalancer; AWS: the NLB's own address in each subnet, and its security groups);
 * {@code nodeTags} are the tags and groups that cover the nodes' own addresses (Azure:
 * VirtualNetwork; AWS: their security group), as a source for the peer link and as a destination
 * for everything.
 */
public record NetworkFacts(List<String> probeSourceAddresses, Set<String> probeSourceTags, Set<String> nodeTags) {

    public NetworkFacts {
        probeSourceAddresses = List.copyOf(probeSourceAddresses);
        probeSourceTags = Set.copyOf(probeSourceTags);
        nodeTags = Set.copyOf(nodeTags);
    }
}
