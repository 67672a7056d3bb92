package io.hapair.cloud.diagnose;

import java.util.Set;

/**
 * Cloud facts that security-rule diagnostics need. {@code probeSourceAddress} and
 * {@code probeSourceTags} describe where the balancer's probes come from (Azure: 168.63.129.16,
 * tag AzureLoadBalancer); {@code nodeTags} are the tags that cover the nodes' own addresses (Azure:
 * VirtualNetwork), as a source for the peer link and as a destination for everything.
 */
public record NetworkFacts(String probeSourceAddress, Set<String> probeSourceTags, Set<String> nodeTags) {

    public NetworkFacts {
        probeSourceTags = Set.copyOf(probeSourceTags);
        nodeTags = Set.copyOf(nodeTags);
    }
}
